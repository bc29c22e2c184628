// The node's memory of what happened: audit entries (who did what, ok or refused) and
// the event stream the console watches. Events are persisted with increasing IDs so a
// client reconnecting with Last-Event-ID misses nothing. Only the events of the protocol's
// union (src/protocol/events.ts) can be emitted, each with its data's type.
import type { EventData, NodeEventType } from '../protocol/events.ts';
import type { AuditRow, EventRow, Repository } from './store/repository.ts';

export type EventListener = (event: EventRow) => void;

export class Journal {
  readonly #listeners = new Set<EventListener>();

  constructor(private readonly repo: Repository) {}

  audit(actor: string, action: string, outcome: 'ok' | 'refused', details: Record<string, unknown> = {}): AuditRow {
    return this.repo.addAudit(actor, action, outcome, details);
  }

  emit<T extends NodeEventType>(type: T, data: EventData<T>): EventRow {
    const event = this.repo.addEvent(type, data);
    for (const listener of this.#listeners) listener(event);
    return event;
  }

  subscribe(listener: EventListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }
}
