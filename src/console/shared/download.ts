// Save text from the page as a file: Blob + object URL + a temporary <a download>. Used for
// public keys, bundles (wrapped shares) and, after the operator confirmed, a recovered
// private key; the object URL is revoked at once so the Blob can be collected.
export function downloadText(fileName: string, text: string, type = 'text/plain'): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
