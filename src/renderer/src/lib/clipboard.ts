/**
 * Copies via the Clipboard API, or by selecting text where that API is unavailable (plain HTTP
 * on the LAN): the given field's, else a hidden one made for the purpose.
 */
export async function copyText(text: string, field?: HTMLInputElement | null): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    if (field) {
      field.focus();
      field.select();
      return document.execCommand('copy');
    }
    const scratch = document.createElement('textarea');
    scratch.value = text;
    scratch.setAttribute('readonly', '');
    scratch.style.position = 'fixed';
    scratch.style.opacity = '0';
    document.body.appendChild(scratch);
    try {
      scratch.select();
      return document.execCommand('copy');
    } finally {
      scratch.remove();
    }
  }
}
