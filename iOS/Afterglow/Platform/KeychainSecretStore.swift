import AfterglowCore
import Foundation
import Security

/// The Rust library's `SecretStore` (the clinic token) over the Keychain: this device only,
/// readable after the first unlock (so a delivery in the background can use it), never backed
/// up or synced. Called from a Rust worker thread; it keeps no state, so it is Sendable.
final class KeychainSecretStore: SecretStore, Sendable {
    private let service = "app.afterglow.ios"

    func get(key: String) throws -> String? {
        var query = baseQuery(key)
        query[kSecReturnData] = true
        query[kSecMatchLimit] = kSecMatchLimitOne
        var result: AnyObject?
        let status = SecItemCopyMatching(query as CFDictionary, &result)
        if status == errSecItemNotFound { return nil }
        try check(status)
        guard let data = result as? Data else { return nil }
        return String(data: data, encoding: .utf8)
    }

    func set(key: String, value: String) throws {
        let data = Data(value.utf8)
        let update = SecItemUpdate(baseQuery(key) as CFDictionary, [kSecValueData: data] as CFDictionary)
        if update == errSecItemNotFound {
            var add = baseQuery(key)
            add[kSecValueData] = data
            add[kSecAttrAccessible] = kSecAttrAccessibleAfterFirstUnlockThisDeviceOnly
            try check(SecItemAdd(add as CFDictionary, nil))
        } else {
            try check(update)
        }
    }

    func delete(key: String) throws {
        let status = SecItemDelete(baseQuery(key) as CFDictionary)
        if status != errSecItemNotFound { try check(status) }
    }

    private func baseQuery(_ key: String) -> [CFString: Any] {
        [kSecClass: kSecClassGenericPassword, kSecAttrService: service, kSecAttrAccount: key,
         kSecUseDataProtectionKeychain: true]
    }

    /// Keychain errors (e.g. `errSecInteractionNotAllowed` while locked) become the library's
    /// typed failure with the platform's detail; the clinic handler keeps the outbox and retries
    /// later.
    private func check(_ status: OSStatus) throws {
        guard status == errSecSuccess else {
            let message = SecCopyErrorMessageString(status, nil) as String? ?? "status \(status)"
            // The platform's error only: the core words the sentence around it.
            throw SecretFailure.Unavailable(reason: "OSStatus \(status): \(message)")
        }
    }
}
