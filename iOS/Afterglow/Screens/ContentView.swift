import Combine
import SharedTypes
import SwiftUI

/// Tabs over the core's screens. Switching tabs tells the core which long lists to build.
struct ContentView: View {
    @Environment(Core.self) private var core
    @Environment(\.enrollLink) private var enrollLink
    @State private var tab: Screen = .today

    var body: some View {
        Group {
            if !core.view.ready {
                ProgressView()
            } else if let today = core.view.today, today.session == nil, today.nextSession == nil {
                OnboardingScreen()
            } else {
                // The places' words are the core's (`view.navigation`); the tab bar holds its first
                // ones and "More", as the core's `inBar` says.
                let nav = core.view.navigation
                let label = { (place: Place) in nav.places.first { $0.place == place }?.label ?? "" }
                TabView(selection: $tab) {
                    NavigationStack { TodayScreen() }.tabItem { Label(label(.today), systemImage: "sun.max") }.tag(Screen.today)
                    NavigationStack { TimelineScreen() }.tabItem { Label(label(.timeline), systemImage: "calendar") }.tag(Screen.timeline)
                    NavigationStack { CheckinsScreen() }.tabItem { Label(label(.checkins), systemImage: "waveform.path.ecg") }.tag(Screen.checkins)
                    NavigationStack { JournalScreen() }.tabItem { Label(label(.photos), systemImage: "photo.on.rectangle") }.tag(Screen.journal)
                    NavigationStack { MoreScreen() }.tabItem { Label(nav.more, systemImage: "ellipsis") }.tag(Screen.reminders)
                }
                .onChange(of: tab, initial: true) { _, screen in core.update(.show(screen: screen)) }
                .onChange(of: enrollLink) { _, link in if link != nil { tab = .reminders } }
                // A tapped reminder: the tab of the place the core chose for it (review #28).
                .onReceive(NotificationCenter.default.publisher(for: ForegroundReminders.opened)) { note in
                    let key = note.object as? String
                    if let screen = nav.places.first(where: { String(describing: $0.place) == key })?.screen {
                        tab = screen
                    }
                }
            }
        }
        // Above the screens, not over them: the banner moves the content down instead of
        // hiding its first row or the navigation title (review A-17).
        .safeAreaInset(edge: .top, spacing: 0) { ErrorBanner(error: core.view.error) }
        .alert(core.view.navigation.problemTitle, isPresented: Binding(get: { core.problem != nil }, set: { if !$0 { core.problem = nil } })) {
            Button(core.view.navigation.problemDismiss) { core.problem = nil }
        } message: {
            Text(core.problem ?? "")
        }
        // The core shows times relative to "now": tell it the time once a minute while visible.
        .task {
            while !Task.isCancelled {
                try? await Task.sleep(for: .seconds(60))
                core.update(.clockChanged(clock: .device()))
            }
        }
    }
}
