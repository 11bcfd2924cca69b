package app.afterglow.android.secrets

import android.content.Context
import android.security.keystore.KeyGenParameterSpec
import android.security.keystore.KeyProperties
import app.afterglow.core.SecretFailure
import app.afterglow.core.SecretStore
import java.io.File
import java.io.IOException
import java.security.GeneralSecurityException
import java.security.KeyStore
import javax.crypto.Cipher
import javax.crypto.KeyGenerator
import javax.crypto.SecretKey
import javax.crypto.spec.GCMParameterSpec

/**
 * The Rust library's [SecretStore] (the clinic token) over the Android Keystore: values are
 * sealed with an AES-256-GCM key that never leaves the Keystore (hardware-backed on most
 * devices) and written to `no_backup/secrets/` as `[12-byte IV][ciphertext + tag]`. A value
 * that cannot be opened (key lost after a restore to another device) reads as absent: the
 * patient links again. Called from a Rust worker thread.
 */
class KeystoreSecretStore(context: Context) : SecretStore {
    private val dir = File(context.noBackupFilesDir, "secrets").apply { mkdirs() }

    override fun get(key: String): String? {
        val file = file(key)
        if (!file.isFile) return null
        return try {
            val bytes = file.readBytes()
            val cipher = Cipher.getInstance(TRANSFORMATION)
            cipher.init(Cipher.DECRYPT_MODE, secretKey(), GCMParameterSpec(TAG_BITS, bytes, 0, IV_BYTES))
            String(cipher.doFinal(bytes, IV_BYTES, bytes.size - IV_BYTES), Charsets.UTF_8)
        } catch (e: GeneralSecurityException) {
            null
        } catch (e: IOException) {
            throw SecretFailure.Unavailable(platformDetail(e))
        }
    }

    override fun set(key: String, value: String) {
        try {
            val cipher = Cipher.getInstance(TRANSFORMATION)
            cipher.init(Cipher.ENCRYPT_MODE, secretKey())
            val sealed = cipher.iv + cipher.doFinal(value.toByteArray(Charsets.UTF_8))
            // Write then rename: a crash leaves the old value or the new one, never half of one.
            val temporary = File(dir, "${file(key).name}.tmp")
            temporary.writeBytes(sealed)
            if (!temporary.renameTo(file(key))) throw IOException("rename failed")
        } catch (e: GeneralSecurityException) {
            throw SecretFailure.Unavailable(platformDetail(e))
        } catch (e: IOException) {
            throw SecretFailure.Unavailable(platformDetail(e))
        }
    }

    // The platform's error only (never the secret): the core words the sentence around it.
    private fun platformDetail(e: Exception) = "${e.javaClass.simpleName}: ${e.message}"

    override fun delete(key: String) {
        val file = file(key)
        if (file.exists() && !file.delete()) throw SecretFailure.Unavailable("File.delete: false")
    }

    /** Keys are chosen by the library (e.g. `clinic-token`); hex keeps any key a safe file name. */
    private fun file(key: String) =
        File(dir, key.toByteArray(Charsets.UTF_8).joinToString("") { "%02x".format(it) } + ".sealed")

    private fun secretKey(): SecretKey {
        val keyStore = KeyStore.getInstance(KEYSTORE).apply { load(null) }
        (keyStore.getKey(KEY_ALIAS, null) as? SecretKey)?.let { return it }
        val generator = KeyGenerator.getInstance(KeyProperties.KEY_ALGORITHM_AES, KEYSTORE)
        generator.init(
            KeyGenParameterSpec.Builder(KEY_ALIAS, KeyProperties.PURPOSE_ENCRYPT or KeyProperties.PURPOSE_DECRYPT)
                .setBlockModes(KeyProperties.BLOCK_MODE_GCM)
                .setEncryptionPaddings(KeyProperties.ENCRYPTION_PADDING_NONE)
                .setKeySize(256)
                .build(),
        )
        return generator.generateKey()
    }

    private companion object {
        const val KEYSTORE = "AndroidKeyStore"
        const val KEY_ALIAS = "afterglow-secrets"
        const val TRANSFORMATION = "AES/GCM/NoPadding"
        const val IV_BYTES = 12
        const val TAG_BITS = 128
    }
}
