import SharedTypes
import SwiftUI

/// The core's "about you" questions with the answers stored so far; each answer is sent at once
/// (the core stores it and re-renders). They change the advice, never whether care is given.
struct ProfileQuestions: View {
    @Environment(Core.self) private var core

    var body: some View {
        let form = core.view.profileForm
        Text(form.note).font(.footnote)
        ForEach(form.questions, id: \.flag) { question in
            Toggle(question.text, isOn: Binding(
                get: { question.yes },
                set: { core.update(.answerProfile(flag: question.flag, yes: $0)) }
            ))
        }
        Picker(form.skinTypeLabel, selection: Binding(
            get: { form.skinTypes.firstIndex(where: \.chosen) ?? 0 },
            set: { core.update(.chooseSkinType(skinType: form.skinTypes[$0].skinType)) }
        )) {
            ForEach(form.skinTypes.indices, id: \.self) { Text(form.skinTypes[$0].label).tag($0) }
        }
    }
}
