// Turning dropped files into keys, in Node with real File objects: a folder's key files
// become keys named after their files (binary DER as base64, hidden files left out), JSONL
// manifests are streamed line by line with blank lines skipped and CRLF tolerated, and
// every entry that cannot be a key is a failed report line naming the file, the line and
// the fix — counted by the scan without opening any key file.
import { describe, expect, it } from 'vitest';
import { fileLines, keyIdFromPath, readKeySources, scanKeySources, type SourceFile } from './key-sources.ts';

const text = (path: string, content: string): SourceFile => ({ path, file: new File([content], path.split('/').pop()!) });
const collect = async <T>(it: AsyncIterable<T>) => {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
};

describe('key sources', () => {
  it('names a key after its file, without a key extension', () => {
    expect(keyIdFromPath('keys/wallet-7.pem')).toBe('wallet-7');
    expect(keyIdFromPath('cold_3')).toBe('cold_3');
    expect(keyIdFromPath('a/b/c.d.hex')).toBe('c.d');
  });

  it('streams a manifest’s lines, with CRLF and no final newline, across chunk boundaries', async () => {
    const long = 'x'.repeat(100_000);
    const file = new File([`a\r\n\r\n${long}\nlast`], 'm.jsonl');
    expect(await collect(fileLines(file))).toEqual(['a', '', long, 'last']);
  });

  it('reads a folder and a manifest lazily; the scan counts keys and lists what cannot be one', async () => {
    const der = new Uint8Array([0x30, 0x2e, 0x02, 0x01, 0x00]);
    const files: SourceFile[] = [
      text('keys/b-key.pem', '-----BEGIN PRIVATE KEY-----\nMC4CAQ==\n-----END PRIVATE KEY-----\n'),
      text('keys/a-key.hex', '11'.repeat(32)),
      { path: 'keys/c-key.der', file: new File([der], 'c-key.der') },
      text('keys/.DS_Store', 'junk'),
      text('keys/bad name!.pem', 'x'),
      text('keys/empty.pem', ''),
      text(
        'keys/more.jsonl',
        [
          JSON.stringify({ keyId: 'm-1', key: '22'.repeat(32) }),
          '',
          '{"keyId": "m-2", "key": ',
          JSON.stringify({ keyId: 'm-3', key: '33'.repeat(32), chainCode: 'ab'.repeat(32) }),
          JSON.stringify({ keyId: 'm-4', key: '44'.repeat(32), extra: 1 }),
        ].join('\r\n'),
      ),
    ];
    const scan = await scanKeySources(files);
    expect(scan).toMatchObject({ keys: 5, keyFiles: 5, manifests: 1 });
    expect(scan.problems.map((p) => [p.source, p.status, p.reason])).toEqual([
      ['keys/bad name!.pem', 'failed', 'invalid-key-id'],
      ['keys/empty.pem', 'failed', 'empty-file'],
      ['keys/more.jsonl:3', 'failed', 'bad-line'],
      ['keys/more.jsonl:5', 'failed', 'bad-extra'],
    ]);
    expect(scan.problems[0]!.message).toMatch(/rename the file to the key ID/);
    expect(scan.problems[2]!.message).toMatch(/^keys\/more\.jsonl:3: not valid JSON/);
    expect(scan.problems[3]).toMatchObject({ keyId: 'm-4', message: expect.stringMatching(/unknown field "extra"/) });

    const keys = await collect(readKeySources(files));
    expect(keys.map((k) => [k.keyId, k.source])).toEqual([
      ['a-key', 'keys/a-key.hex'],
      ['b-key', 'keys/b-key.pem'],
      ['c-key', 'keys/c-key.der'],
      ['m-1', 'keys/more.jsonl:1'],
      ['m-3', 'keys/more.jsonl:4'],
    ]);
    expect(keys[0]!.key).toBe('11'.repeat(32));
    expect(keys[2]!.key).toBe(btoa(String.fromCharCode(...der)));
    expect(keys[4]!.chainCode).toBe('ab'.repeat(32));
  });

  it('pulls a key file only when its key is asked for', async () => {
    let opened = 0;
    const counting = (path: string): SourceFile => {
      const file = new File(['55'.repeat(32)], path);
      const arrayBuffer = file.arrayBuffer.bind(file);
      Object.defineProperty(file, 'arrayBuffer', { value: () => (opened++, arrayBuffer()) });
      return { path, file };
    };
    const files = [counting('k1.hex'), counting('k2.hex'), counting('k3.hex')];
    await scanKeySources(files);
    expect(opened).toBe(0);
    const iterator = readKeySources(files)[Symbol.asyncIterator]();
    await iterator.next();
    expect(opened).toBe(1);
    await iterator.next();
    expect(opened).toBe(2);
    await iterator.return(undefined);
  });
});
