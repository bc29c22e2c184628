import { describe, expect, it } from 'vitest';
import { parseProfileText } from './parse-profile.ts';

const good = {
  site: 'main',
  threshold: 1,
  nodes: [
    { index: 2, url: 'http://127.0.0.1:4002/', token: 't' },
    { index: 1, url: 'http://127.0.0.1:4001', token: 't', site: 'main' },
  ],
};

describe('parseProfileText', () => {
  it('reads a profile, sorts nodes by index and drops a trailing slash', () => {
    const r = parseProfileText(JSON.stringify(good));
    expect(r).toEqual({
      ok: true,
      site: {
        name: 'main',
        threshold: 1,
        nodes: [
          { index: 1, url: 'http://127.0.0.1:4001', token: 't', site: 'main' },
          { index: 2, url: 'http://127.0.0.1:4002', token: 't', site: 'main' },
        ],
      },
    });
  });
  it('says when the text is not JSON', () => {
    expect(parseProfileText('{')).toMatchObject({ ok: false, message: expect.stringContaining('not JSON') });
  });
  it('names the field that is wrong', () => {
    const r = parseProfileText(JSON.stringify({ ...good, nodes: [good.nodes[0], { ...good.nodes[1], token: '' }] }));
    expect(r).toMatchObject({ ok: false, message: expect.stringContaining('"nodes.1.token"') });
    const t = parseProfileText(JSON.stringify({ ...good, threshold: 2 }));
    expect(t).toMatchObject({ ok: false, message: expect.stringContaining('"threshold"') });
  });
});
