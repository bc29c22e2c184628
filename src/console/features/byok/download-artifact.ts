// Save the wrapped native file (binary for AWS, JSON for the others) the way the KMS's
// tool takes it: Blob + object URL + a temporary <a download>, revoked at once.
export function downloadBytes(fileName: string, bytes: Uint8Array, mediaType: string): void {
  const url = URL.createObjectURL(new Blob([bytes.slice()], { type: mediaType }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
