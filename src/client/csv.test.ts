// csvTable and jsonTable: RFC 4180 quoting only where needed, columns in order, absent fields empty (CSV) or left out (JSON).
import { describe, expect, it } from 'vitest';
import { csvTable, jsonTable } from './csv.ts';

const COLUMNS = ['keyId', 'status', 'message', 'node'] as const;

describe('csvTable', () => {
  it('quotes a field holding a quote, a comma, a line break or edge spaces, and nothing else', () => {
    const csv = csvTable(COLUMNS, [
      { keyId: 'a', status: 'done', node: 2 },
      { keyId: 'b', status: 'failed', message: 'node 2 said "no", then 3\r\nagain' },
      { keyId: 'c', status: 'failed', message: ' padded ' },
    ]);
    expect(csv).toBe('keyId,status,message,node\r\na,done,,2\r\nb,failed,"node 2 said ""no"", then 3\r\nagain",\r\nc,failed," padded ",\r\n');
  });
});

describe('jsonTable', () => {
  it('keeps the column order and leaves absent fields out', () => {
    const parsed = JSON.parse(jsonTable('x/1', COLUMNS, [{ node: 1, keyId: 'a', status: 'done' }]));
    expect(parsed).toEqual({ format: 'x/1', keys: [{ keyId: 'a', status: 'done', node: 1 }] });
    expect(Object.keys(parsed.keys[0])).toEqual(['keyId', 'status', 'node']);
  });
});
