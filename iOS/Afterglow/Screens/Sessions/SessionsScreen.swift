import SharedTypes
import SwiftUI

/// The series (review #7): every session, add the next one, delete one entered wrongly (delete,
/// then add it again). Deleting asks first, in the core's words, what goes and what stays.
struct SessionsScreen: View {
    @Environment(Core.self) private var core
    @State private var asking: SessionView?

    var body: some View {
        let words = core.view.sessionForm
        List {
            NavigationLink(words.add) { AddSessionScreen() }
            ForEach(core.view.sessions, id: \.id) { session in
                VStack(alignment: .leading) {
                    Text(session.title).font(.headline)
                    Text(session.summary)
                    Button(session.deleteLabel, role: .destructive) { asking = session }
                }
            }
        }
        .navigationTitle(words.listTitle)
        .onAppear { core.update(.show(screen: .sessions)) }
        .confirmationDialog(asking?.deleteQuestion ?? "", isPresented: Binding(get: { asking != nil }, set: { if !$0 { asking = nil } }), titleVisibility: .visible) {
            if let session = asking {
                Button(session.deleteLabel, role: .destructive) { core.update(.deleteSession(id: session.id)) }
                Button(words.keep, role: .cancel) {}
            }
        }
    }
}

/// "Add another session": closes once the core reports a session stored after it opened; a
/// refused form stays, with the core's error in the banner.
struct AddSessionScreen: View {
    @Environment(Core.self) private var core
    @Environment(\.dismiss) private var dismiss
    /// Made from the core's form when the screen appears.
    @State private var draft: SessionDraft?
    @State private var savedBefore: Int64??

    var body: some View {
        Form {
            if let fields = Binding($draft) { SessionFields(draft: fields) }
            Button(core.view.sessionForm.save) {
                if let draft { core.update(.addSession(form: draft.form(areaOrder: core.view.treatedAreas.map(\.area)))) }
            }
        }
        .navigationTitle(core.view.sessionForm.title)
        .onAppear {
            if savedBefore == nil { savedBefore = .some(core.view.lastSavedSessionId) }
            if draft == nil { draft = SessionDraft(opening: core.view.sessionForm) }
        }
        .onChange(of: core.view.lastSavedSessionId) { _, saved in
            if let saved, let before = savedBefore, saved != before { dismiss() }
        }
    }
}
