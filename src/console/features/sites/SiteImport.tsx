// Add a site: load its profile file (.keyferry/sites/<site>.json) or paste its JSON.
// The pasted text holds tokens: no `name`, spellcheck and autocomplete off, cleared once added.
import { useId, useState, type ChangeEvent, type FormEvent } from 'react';
import { parseProfileText, type Site } from './parse-profile.ts';

export function SiteImport({ onAdd }: { onAdd: (site: Site) => void }) {
  const [text, setText] = useState('');
  const [error, setError] = useState<string | undefined>(undefined);
  const [added, setAdded] = useState<string | undefined>(undefined);
  const fileId = useId();
  const textId = useId();

  function add(source: string) {
    const result = parseProfileText(source);
    if (!result.ok) {
      setError(result.message);
      setAdded(undefined);
      return;
    }
    setError(undefined);
    setText('');
    setAdded(`Site ${result.site.name} added.`);
    onAdd(result.site);
  }

  async function onFile(event: ChangeEvent<HTMLInputElement>) {
    const file = event.target.files?.[0];
    event.target.value = '';
    if (file === undefined) return;
    add(await file.text());
  }

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    add(text);
  }

  return (
    <section className="site-import card" aria-labelledby={`${fileId}-heading`}>
      <h2 id={`${fileId}-heading`}>Add a site</h2>
      <div className="field">
        <label htmlFor={fileId}>Import a site profile file</label>
        <input id={fileId} type="file" accept=".json,application/json" onChange={(e) => void onFile(e)} />
      </div>
      <form onSubmit={onSubmit} className="field">
        <label htmlFor={textId}>Or paste a site profile (JSON)</label>
        <textarea
          id={textId}
          className="profile-text mono"
          rows={4}
          value={text}
          onChange={(e) => setText(e.target.value)}
          spellCheck={false}
          autoComplete="off"
          autoCorrect="off"
          autoCapitalize="off"
        />
        <div>
          <button type="submit" className="button button-primary" disabled={text.trim() === ''}>
            Add site
          </button>
        </div>
      </form>
      {error !== undefined && (
        <p role="alert" className="error-message">
          {error}
        </p>
      )}
      <p role="status" className="muted">
        {added}
      </p>
    </section>
  );
}
