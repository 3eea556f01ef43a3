'use client';
// 批量录入: typing in a stack of wish-box slips, one row each, with one place and source for the stack.
import Link from 'next/link';
import { useEffect, useRef, useState } from 'react';
import { submitBatchAction } from '@/app/(staff)/work/new/actions';
import type { FieldErrors } from '@/lib/cases/intake';
import type { LocationGroup } from '@/lib/org/locations';
import { draftPersisted, useOnline, useStoredDraft } from './draft-store';
import { batchHasContent, blankBatch, blankRow, parseBatch, rowHasContent, type BatchDraft, type BatchRow, type BatchRowField } from './drafts';
import { ChoiceChips, errorProps, FieldError, inputClass, labelClass, LocationSelect, type Choice } from './fields';
import { ErrorSummary, NetworkLostNotice, OfflineNotice, RestoredNotice, StickyBar } from './notices';
import { T } from './text';

type Status = { kind: 'idle' } | { kind: 'sending' } | { kind: 'network' } | { kind: 'invalid'; message: string; fieldErrors: FieldErrors };
type RowError = { message: string; fieldErrors?: FieldErrors };
type Logged = { number: string; description: string; replayed: boolean };

const EMPTY_ROW: BatchRow = { clientKey: '', description: '', place: '', residentName: '', residentPhone: '' };
/** The single-line fields of a row in the order Enter moves through them. */
const LINE_FIELDS = ['place', 'residentName', 'residentPhone'] as const;
const fieldId = (index: number, field: BatchRowField) => `batch-${index}-${field}`;

export function BatchIntakeForm({
  draftKey,
  locations,
  sources,
  defaultSource,
}: {
  draftKey: string;
  locations: LocationGroup[];
  sources: Choice[];
  defaultSource: string;
}) {
  const [draft, update] = useStoredDraft(draftKey, parseBatch);
  const [status, setStatus] = useState<Status>({ kind: 'idle' });
  const [rowErrors, setRowErrors] = useState<Record<string, RowError>>({});
  const [logged, setLogged] = useState<Logged[]>([]);
  const [openedAt] = useState(Date.now);
  const online = useOnline();
  const alertRef = useRef<HTMLDivElement>(null);
  const loggedRef = useRef<HTMLHeadingElement>(null);
  /** The field to focus once the next render has put it on the page (a row just added). */
  const focusAfterRender = useRef<string | null>(null);

  const nodeId = draft?.nodeId ?? '';
  const source = draft?.source || defaultSource;
  const rows = draft && draft.rows.length > 0 ? draft.rows : [EMPTY_ROW];

  useEffect(() => {
    if (focusAfterRender.current) {
      document.getElementById(focusAfterRender.current)?.focus();
      focusAfterRender.current = null;
    }
  });

  // Focus what just happened; of a partly failed batch, the failures (declared last, so they win).
  useEffect(() => {
    if (logged.length > 0) loggedRef.current?.focus();
  }, [logged.length]);
  useEffect(() => {
    if (status.kind === 'invalid' || status.kind === 'network') alertRef.current?.focus();
  }, [status]);

  function change(edit: (d: BatchDraft) => BatchDraft) {
    update((current) => {
      const base = current ?? blankBatch(defaultSource);
      // A draft "begins" with its first content, not when a kept place and source were stored.
      const startedAt = batchHasContent(base) ? base.startedAt : Date.now();
      return edit({ ...base, startedAt, rows: base.rows.length > 0 ? base.rows : [blankRow()] });
    });
  }

  function setRow(index: number, field: BatchRowField, value: string) {
    change((d) => ({ ...d, rows: d.rows.map((r, i) => (i === index ? { ...r, [field]: value } : r)) }));
  }

  function addRow() {
    focusAfterRender.current = fieldId(rows.length, 'description');
    change((d) => ({ ...d, rows: [...d.rows, blankRow()] }));
  }

  function removeRow(index: number) {
    focusAfterRender.current = fieldId(Math.max(0, index - 1), 'description');
    change((d) => ({ ...d, rows: d.rows.length > 1 ? d.rows.filter((_, i) => i !== index) : [blankRow()] }));
  }

  /** Enter walks through a row's fields; on the last field of the last row it starts a new row. */
  function onEnter(e: React.KeyboardEvent<HTMLInputElement>, index: number, field: (typeof LINE_FIELDS)[number]) {
    if (e.key !== 'Enter' || e.nativeEvent.isComposing) return;
    e.preventDefault();
    const next = LINE_FIELDS[LINE_FIELDS.indexOf(field) + 1];
    if (next) document.getElementById(fieldId(index, next))?.focus();
    else if (index === rows.length - 1) addRow();
    else document.getElementById(fieldId(index + 1, 'description'))?.focus();
  }

  function clearDraft() {
    update(() => null);
    setRowErrors({});
    setStatus({ kind: 'idle' });
  }

  async function submit() {
    if (status.kind === 'sending') return;
    const d = draft ?? blankBatch(defaultSource);
    if (!draft) update(() => d);
    const filled = d.rows.filter(rowHasContent);
    if (filled.length === 0) {
      setStatus({ kind: 'invalid', message: T.batchNothing, fieldErrors: {} });
      return;
    }
    if (!navigator.onLine) {
      setStatus({ kind: 'network' });
      return;
    }
    setStatus({ kind: 'sending' });
    let result: Awaited<ReturnType<typeof submitBatchAction>> | undefined;
    try {
      result = await submitBatchAction({ nodeId: d.nodeId, source: d.source || defaultSource, rows: filled });
    } catch {
      // Lost on the way: every row keeps its key, so sending the batch again logs nothing twice.
      result = undefined;
    }
    if (!result) {
      setStatus({ kind: 'network' });
      return;
    }
    if (!result.ok) {
      setStatus({ kind: 'invalid', message: result.message, fieldErrors: result.fieldErrors ?? {} });
      return;
    }
    const succeeded = new Map(result.rows.flatMap((r) => (r.ok ? [[r.clientKey, r] as const] : [])));
    const failed = Object.fromEntries(result.rows.flatMap((r) => (r.ok ? [] : [[r.clientKey, { message: r.message, fieldErrors: r.fieldErrors }] as const])));
    setLogged((before) => [
      ...before,
      ...filled.flatMap((row) => {
        const r = succeeded.get(row.clientKey);
        return r ? [{ number: r.number, description: row.description, replayed: r.replayed }] : [];
      }),
    ]);
    setRowErrors(failed);
    // Rows leave the draft only once the server has confirmed them; failed ones stay for correction.
    update((current) => {
      const base = current ?? d;
      return { ...base, rows: base.rows.filter((r) => rowHasContent(r) && !succeeded.has(r.clientKey)) };
    });
    const failures = Object.keys(failed).length;
    setStatus(failures > 0 ? { kind: 'invalid', message: T.batchFailed(failures), fieldErrors: {} } : { kind: 'idle' });
  }

  const errors = status.kind === 'invalid' ? status.fieldErrors : {};
  const restored = draft !== null && draft.startedAt < openedAt && batchHasContent(draft);
  const sending = status.kind === 'sending';
  const filledCount = rows.filter(rowHasContent).length;
  const summaryItems = [
    ...(errors.nodeId?.[0] ? [{ id: 'batch-node', label: T.location, message: errors.nodeId[0] }] : []),
    ...(errors.source?.[0] ? [{ id: 'source-group', label: T.source, message: errors.source[0] }] : []),
  ];

  return (
    <form
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      {logged.length > 0 && (
        <section aria-labelledby="batch-logged" className="mb-4 rounded-xl border border-green-300 bg-green-50 p-3">
          <h2 id="batch-logged" ref={loggedRef} tabIndex={-1} className="font-bold text-green-900">
            <span aria-hidden="true">✓ </span>
            {T.batchDone(logged.length)}
          </h2>
          <ul className="mt-1 space-y-1 text-sm">
            {logged.map((l) => (
              <li key={l.number} className="flex gap-2">
                <Link href={`/cases/${l.number}`} className="shrink-0 font-mono text-blue-800 underline">
                  {l.number}
                </Link>
                <span className="truncate text-stone-700">{l.description}</span>
                {l.replayed && <span className="sr-only">{T.successReplayed}</span>}
              </li>
            ))}
          </ul>
        </section>
      )}
      {restored && <RestoredNotice onClear={clearDraft} />}
      {!online && status.kind !== 'network' && <OfflineNotice />}
      {status.kind === 'network' && <NetworkLostNotice ref={alertRef} online={online} pending={sending} onRetry={() => void submit()} />}
      {status.kind === 'invalid' && <ErrorSummary ref={alertRef} message={status.message} items={summaryItems} />}

      <div className="space-y-5">
        <ChoiceChips
          name="source"
          legend={T.batchSource}
          choices={sources}
          value={source}
          error={errors.source?.[0]}
          onChange={(v) => change((d) => ({ ...d, source: v }))}
        />
        <LocationSelect
          id="batch-node"
          label={T.batchLocation}
          groups={locations}
          value={nodeId}
          error={errors.nodeId?.[0]}
          onChange={(v) => change((d) => ({ ...d, nodeId: v }))}
        />
        <p className="text-sm text-stone-600">{T.batchHint}</p>

        <ol className="space-y-4">
          {rows.map((row, index) => (
            <RowFields
              key={index}
              index={index}
              row={row}
              error={row.clientKey ? rowErrors[row.clientKey] : undefined}
              onChange={(field, value) => setRow(index, field, value)}
              onEnter={(e, field) => onEnter(e, index, field)}
              onRemove={() => removeRow(index)}
            />
          ))}
        </ol>
        <button type="button" onClick={addRow} className="min-h-12 w-full rounded-lg border-2 border-dashed border-stone-400 px-4 font-medium text-stone-800">
          <span aria-hidden="true">＋ </span>
          {T.batchAddRow}
        </button>
      </div>

      <StickyBar note={batchHasContent(draft) ? (draftPersisted(draftKey) ? T.draftSaved : T.draftMemoryOnly) : undefined}>
        <button type="submit" disabled={sending} className="min-h-12 w-full rounded-lg bg-brand-700 px-4 text-base font-semibold text-white disabled:opacity-70">
          {sending ? T.submitting : status.kind === 'network' ? T.retry : T.batchSubmit(filledCount)}
        </button>
      </StickyBar>
    </form>
  );
}

function RowFields({
  index,
  row,
  error,
  onChange,
  onEnter,
  onRemove,
}: {
  index: number;
  row: BatchRow;
  error: RowError | undefined;
  onChange: (field: BatchRowField, value: string) => void;
  onEnter: (e: React.KeyboardEvent<HTMLInputElement>, field: (typeof LINE_FIELDS)[number]) => void;
  onRemove: () => void;
}) {
  const err = (field: BatchRowField) => error?.fieldErrors?.[field]?.[0];
  const line = (field: (typeof LINE_FIELDS)[number], label: string, extra: React.InputHTMLAttributes<HTMLInputElement>) => {
    const id = fieldId(index, field);
    return (
      <div className={field === 'place' ? 'col-span-2' : undefined}>
        <label htmlFor={id} className={labelClass}>
          {label}
        </label>
        <input
          id={id}
          value={row[field]}
          autoComplete="off"
          enterKeyHint={field === 'residentPhone' ? 'enter' : 'next'}
          onChange={(e) => onChange(field, e.target.value)}
          onKeyDown={(e) => onEnter(e, field)}
          className={inputClass}
          {...errorProps(id, err(field))}
          {...extra}
        />
        <FieldError id={id} error={err(field)} />
      </div>
    );
  };
  const descriptionId = fieldId(index, 'description');
  return (
    <li>
      <fieldset className={`relative rounded-xl border bg-white p-3 ${error ? 'border-2 border-red-600' : 'border-stone-300'}`}>
        <legend className="float-left flex min-h-11 items-center font-semibold">{T.batchRow(index + 1)}</legend>
        <button
          type="button"
          onClick={onRemove}
          aria-label={T.batchRemoveRow(index + 1)}
          className="absolute right-1 top-1 min-h-11 rounded-lg px-3 text-sm text-stone-700 underline"
        >
          {T.batchRemove}
        </button>
        {error && (
          <p className="clear-both text-sm font-medium text-red-800">
            <span aria-hidden="true">⚠ </span>
            {T.batchRowFailed}
            {error.message}
          </p>
        )}
        <div className="clear-both mt-1 grid grid-cols-2 gap-x-2 gap-y-3">
          <div className="col-span-2">
            <label htmlFor={descriptionId} className={labelClass}>
              {T.description}
            </label>
            <textarea
              id={descriptionId}
              rows={2}
              maxLength={1000}
              value={row.description}
              onChange={(e) => onChange('description', e.target.value)}
              className={inputClass}
              {...errorProps(descriptionId, err('description'))}
            />
            <FieldError id={descriptionId} error={err('description')} />
          </div>
          {line('place', T.batchRowPlace, { maxLength: 100 })}
          {line('residentName', T.batchRowName, { maxLength: 20 })}
          {line('residentPhone', T.batchRowPhone, { type: 'tel', inputMode: 'tel', maxLength: 11 })}
        </div>
      </fieldset>
    </li>
  );
}
