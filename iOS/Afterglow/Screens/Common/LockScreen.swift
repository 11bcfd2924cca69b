import SharedTypes
import SwiftUI

/// Drawn over everything while the core says the app is locked (`view.lock.screen`). Every word
/// is the core's; the button asks iOS and sends the answer back.
struct LockScreen: View {
    @Environment(Core.self) private var core
    let screen: LockScreenView
    @Environment(\.scenePhase) private var scenePhase
    @State private var asking = false
    @State private var askedOnce = false

    var body: some View {
        VStack(spacing: 16) {
            Image(systemName: "lock.fill").font(.largeTitle).accessibilityHidden(true)
            Text(screen.title).font(.title2).bold()
            Text(screen.body).multilineTextAlignment(.center)
            if let failure = screen.failure {
                Text(failure).foregroundStyle(.red).multilineTextAlignment(.center)
            }
            Button(screen.unlockLabel) { unlock() }
                .buttonStyle(.borderedProminent)
                .disabled(asking)
        }
        .padding()
        .frame(maxWidth: .infinity, maxHeight: .infinity)
        .background(.background)
        // Asked once, when the app is back in front (the screen is drawn as the app goes to the
        // background, where the prompt would fail); after that, the button.
        .onChange(of: scenePhase, initial: true) { _, phase in
            if phase == .active, !askedOnce {
                askedOnce = true
                unlock()
            }
        }
    }

    private func unlock() {
        guard !asking else { return }
        asking = true
        Task {
            let unlocked = await AppLockPrompt.unlock(reason: screen.reason)
            asking = false
            core.update(.lock(.unlockResult(unlocked: unlocked)))
        }
    }
}
