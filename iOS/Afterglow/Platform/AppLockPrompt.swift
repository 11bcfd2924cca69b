import LocalAuthentication

/// The platform side of the optional app lock: whether the device can authenticate its owner
/// (Face ID, Touch ID or the passcode) and the prompt itself. The core decides when the app is
/// locked and says every word (`view.lock`); this only asks iOS and reports the answer.
enum AppLockPrompt {
    static func available() -> Bool {
        var error: NSError?
        return LAContext().canEvaluatePolicy(.deviceOwnerAuthentication, error: &error)
    }

    /// `reason`: the core's sentence, shown inside the system prompt. A cancel, a failure or an
    /// error is simply "not unlocked": the core says what to do next.
    static func unlock(reason: String) async -> Bool {
        do {
            return try await LAContext().evaluatePolicy(.deviceOwnerAuthentication, localizedReason: reason)
        } catch {
            return false
        }
    }
}
