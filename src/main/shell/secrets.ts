import type { SafeStorage } from 'electron';
import type { SecretCipher } from '../core/secrets';

/** Protects stored secrets with the OS keychain through Electron's safeStorage. */
export function safeStorageCipher(
  safeStorage: Pick<SafeStorage, 'isEncryptionAvailable' | 'encryptString' | 'decryptString'>,
): SecretCipher {
  return {
    encrypt(plain) {
      if (!safeStorage.isEncryptionAvailable()) {
        throw new Error(
          'The OS keychain is not available, so the secret was not saved. Set it in the environment instead.',
        );
      }
      return safeStorage.encryptString(plain).toString('base64');
    },
    decrypt(stored) {
      return safeStorage.decryptString(Buffer.from(stored, 'base64'));
    },
  };
}
