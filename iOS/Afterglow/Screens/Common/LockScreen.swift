import SharedTypes
import SwiftUI

/// Drawn over everything while the core says the app is locked (`view.lock.screen`). Every word
/// is the core's; the button asks iOS and sends the answer back.
struct LockScreen: View {
    @Environment(Core.self) private var core
    let screen: LockScreenView
    @State private var asking = false

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
        // Asked once as the lock screen appears, so coming back is one glance or one passcode.
        .task { unlock() }
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
