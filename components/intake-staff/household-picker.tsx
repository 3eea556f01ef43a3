'use client';
// Finding the household a request is about, by building/room or a resident's name or phone, among the user's households.
import { useState } from 'react';
import { findHouseholdsAction } from '@/app/(staff)/work/new/actions';
import type { HouseholdChoice } from '@/lib/org/household-picker';
import { FieldError, inputClass, labelClass } from './fields';
import { T } from './text';

export type ChosenHousehold = { id: number; nodeId: number; address: string };

type Search = { state: 'idle' } | { state: 'searching' } | { state: 'done'; households: HouseholdChoice[] } | { state: 'failed'; message: string };

export function HouseholdPicker({
  id,
  nodeId,
  chosen,
  error,
  onChoose,
}: {
  id: string;
  /** The place chosen so far: the search looks only there. */
  nodeId: number | undefined;
  chosen: ChosenHousehold | null;
  error?: string;
  onChoose: (household: ChosenHousehold | null) => void;
}) {
  const [q, setQ] = useState('');
  const [search, setSearch] = useState<Search>({ state: 'idle' });

  async function find() {
    if (q.trim() === '') return;
    if (!navigator.onLine) {
      setSearch({ state: 'failed', message: T.householdOffline });
      return;
    }
    setSearch({ state: 'searching' });
    try {
      const result = await findHouseholdsAction(q, nodeId);
      setSearch(result.ok ? { state: 'done', households: result.households } : { state: 'failed', message: result.message });
    } catch {
      setSearch({ state: 'failed', message: T.householdOffline });
    }
  }

  if (chosen) {
    return (
      <div>
        <p className={labelClass}>{T.household}</p>
        <div className="mt-1 flex items-center justify-between gap-2 rounded-lg border border-stone-300 bg-stone-50 px-3 py-2">
          <p className="text-sm">
            <span className="sr-only">{T.householdChosen}：</span>
            <span className="font-medium">{chosen.address}</span>
          </p>
          <button type="button" onClick={() => onChoose(null)} className="min-h-11 shrink-0 rounded-lg border border-stone-400 bg-white px-3 text-sm">
            {T.householdRemove}
          </button>
        </div>
        <FieldError id={id} error={error} />
      </div>
    );
  }

  return (
    <div role="search" aria-labelledby={`${id}-label`}>
      <label id={`${id}-label`} htmlFor={id} className={labelClass}>
        {T.household}
      </label>
      <div className="flex gap-2">
        <input
          id={id}
          type="search"
          value={q}
          maxLength={40}
          enterKeyHint="search"
          placeholder={T.householdSearchHint}
          aria-describedby={error ? `${id}-error` : undefined}
          onChange={(e) => setQ(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && !e.nativeEvent.isComposing) {
              e.preventDefault();
              void find();
            }
          }}
          className={`${inputClass} flex-1`}
        />
        <button
          type="button"
          onClick={() => void find()}
          disabled={search.state === 'searching'}
          className="mt-1 min-h-12 shrink-0 rounded-lg border border-brand-700 bg-white px-4 font-semibold text-brand-800"
        >
          {T.householdSearchButton}
        </button>
      </div>
      <FieldError id={id} error={error} />
      <div aria-live="polite" className="mt-1 text-sm">
        {search.state === 'searching' && <p className="text-stone-600">{T.householdSearching}</p>}
        {search.state === 'failed' && <p className="text-amber-900">{search.message}</p>}
        {search.state === 'done' && search.households.length === 0 && <p className="text-stone-600">{T.householdNone}</p>}
      </div>
      {search.state === 'done' && search.households.length > 0 && (
        <ul className="mt-1 divide-y divide-stone-200 rounded-lg border border-stone-300 bg-white">
          {search.households.map((h) => (
            <li key={h.id}>
              <button
                type="button"
                onClick={() => {
                  onChoose({ id: h.id, nodeId: h.nodeId, address: h.address });
                  setSearch({ state: 'idle' });
                  setQ('');
                }}
                className="block min-h-12 w-full px-3 py-2 text-left hover:bg-stone-50"
              >
                <span className="block font-medium">{h.address}</span>
                {h.residents.length > 0 && (
                  <span className="block text-xs text-stone-600">{h.residents.map((r) => (r.phone ? `${r.name} ${r.phone}` : r.name)).join('，')}</span>
                )}
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
