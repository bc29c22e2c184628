// Save something from the page as a file: Blob + object URL + a temporary <a download>. Used
// for public keys, bundles (wrapped shares), a KMS's wrapped native file (binary for AWS and
// Google) and, after the operator confirmed, a recovered private key; the object URL is
// revoked at once so the Blob can be collected.
function downloadBlob(fileName: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

export function downloadText(fileName: string, text: string, type = 'text/plain'): void {
  downloadBlob(fileName, new Blob([text], { type }));
}

export function downloadBytes(fileName: string, bytes: Uint8Array, mediaType: string): void {
  downloadBlob(fileName, new Blob([bytes.slice()], { type: mediaType }));
}
