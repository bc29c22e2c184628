// The dashboard's pairing health for the connected sites, kept current by
// monitorPairingHealth (pairing-monitor.ts) while the dashboard is shown.
import { useEffect, useState } from 'react';
import type { Site } from '../sites/parse-profile.ts';
import { monitorPairingHealth, type PairingHealthEntry, type PairingMonitorDeps } from './pairing-monitor.ts';

export function usePairingHealth(sites: readonly Site[], deps: PairingMonitorDeps): PairingHealthEntry[] {
  const [entries, setEntries] = useState<PairingHealthEntry[]>([]);
  const { infoApi, events, siteClient, refreshMs } = deps;

  useEffect(() => {
    const controller = new AbortController();
    setEntries([]);
    monitorPairingHealth(sites, { infoApi, events, siteClient, ...(refreshMs === undefined ? {} : { refreshMs }) }, setEntries, controller.signal);
    return () => controller.abort();
  }, [sites, infoApi, events, siteClient, refreshMs]);

  return entries;
}
