import Foundation
import Security

/// Secrets (the clinic token) in the Keychain: this device only, readable after the first unlock
/// (so a background sync can use it), never backed up or synced.
struct KeychainSecretStore {
    private let service = "app.afterglow.ios"

    func get(_ name: String) -> String? {
        var query = baseQuery(name)
        query[kSecReturnData] = true
        query[kSecMatchLimit] = kSecMatchLimitOne
        var result: AnyObject?
        guard SecItemCopyMatching(query as CFDictionary, &result) == errSecSuccess,
              let data = result as? Data
        else { return nil }
        return String(data: data, encoding: .utf8)
    }

    func put(_ name: String, _ value: String) throws {
        let data = Data(value.utf8)
        let update = SecItemUpdate(baseQuery(name) as CFDictionary, [kSecValueData: data] as CFDictionary)
        if update == errSecItemNotFound {
            var add = baseQuery(name)
            add[kSecValueData] = data
            add[kSecAttrAccessible] = kSecAttrAccessibleAfterFirstUnlockThisDeviceOnly
            try check(SecItemAdd(add as CFDictionary, nil))
        } else {
            try check(update)
        }
    }

    func delete(_ name: String) throws {
        let status = SecItemDelete(baseQuery(name) as CFDictionary)
        if status != errSecItemNotFound { try check(status) }
    }

    private func baseQuery(_ name: String) -> [CFString: Any] {
        [kSecClass: kSecClassGenericPassword, kSecAttrService: service, kSecAttrAccount: name,
         kSecUseDataProtectionKeychain: true]
    }

    private func check(_ status: OSStatus) throws {
        guard status == errSecSuccess else {
            throw NSError(domain: NSOSStatusErrorDomain, code: Int(status))
        }
    }
}
