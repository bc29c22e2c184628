// The wrapping key or import token as the operator pastes it, read as they type (public
// data): the latest answer wins, an older slower one is dropped.
import { useEffect, useState } from 'react';
import { describeImportToken, describeWrappingKey, type ImportTokenInfo, type WrappingKeyInfo } from './wrapping-key-info.ts';

export function useWrappingKeyInfo(input: string | Uint8Array | null): WrappingKeyInfo | undefined {
  const [info, setInfo] = useState<WrappingKeyInfo | undefined>();
  useEffect(() => {
    if (input === null || (typeof input === 'string' && input.trim() === '')) return setInfo(undefined);
    let live = true;
    void describeWrappingKey(input).then((i) => live && setInfo(i));
    return () => {
      live = false;
    };
  }, [input]);
  return info;
}

/** Re-read each minute too, so a token that expires while the page is open is shown so. */
export function useImportTokenInfo(text: string): ImportTokenInfo | undefined {
  const [info, setInfo] = useState<ImportTokenInfo | undefined>();
  const [tick, setTick] = useState(0);
  useEffect(() => {
    const timer = setInterval(() => setTick((t) => t + 1), 60_000);
    return () => clearInterval(timer);
  }, []);
  useEffect(() => {
    if (text.trim() === '') return setInfo(undefined);
    let live = true;
    void describeImportToken(text, new Date()).then((i) => live && setInfo(i));
    return () => {
      live = false;
    };
  }, [text, tick]);
  return info;
}
