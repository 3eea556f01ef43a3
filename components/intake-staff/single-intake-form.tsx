'use client';
// The one-request intake form: every keystroke is kept as a draft on the phone until the server confirms the case.
import Link from 'next/link';
import { useEffect, useMemo, useRef, useState } from 'react';
import { submitCaseAction } from '@/app/(staff)/work/new/actions';
import type { CategoryChoice, FieldErrors } from '@/lib/cases/intake';
import type { LocationGroup } from '@/lib/org/locations';
import { draftPersisted, useOnline, useStoredDraft } from './draft-store';
import { blankSingle, EMPTY_SINGLE, parseSingle, singleHasContent, type SingleDraft, type SingleField } from './drafts';
import { ChoiceChips, errorProps, FieldError, inputClass, labelClass, LocationSelect, type Choice } from './fields';
import { HouseholdPicker, type ChosenHousehold } from './household-picker';
import { ErrorSummary, NetworkLostNotice, OfflineNotice, RestoredNotice, StickyBar, type ErrorItem } from './notices';
import { PhotoPicker, releasePhotos, type PickedPhoto } from '@/components/photos/photo-picker';
import { T } from './text';

type Status =
  | { kind: 'idle' }
  | { kind: 'sending' }
  | { kind: 'network' }
  | { kind: 'invalid'; message: string; fieldErrors: FieldErrors }
  | { kind: 'done'; number: string; replayed: boolean; status: string; keep: Pick<SingleDraft, 'source' | 'nodeId'> };

/** Where each server field error is shown, and what the summary calls it. */
const FIELDS: Record<string, { id: string; label: string }> = {
  description: { id: 'intake-description', label: T.description },
  source: { id: 'source-group', label: T.source },
  nodeId: { id: 'intake-node', label: T.location },
  householdId: { id: 'intake-household', label: T.household },
  place: { id: 'intake-place', label: T.place },
  residentName: { id: 'intake-name', label: T.residentName },
  residentPhone: { id: 'intake-phone', label: T.residentPhone },
  categoryId: { id: 'intake-category', label: T.category },
  urgency: { id: 'urgency-group', label: T.urgency },
  photos: { id: 'intake-photos', label: T.photos },
  resolution: { id: 'intake-resolution', label: T.resolution },
};

const URGENCY_CHOICES: Choice[] = [
  { value: 'normal', label: '一般' },
  { value: 'urgent', label: '紧急' },
];

export function SingleIntakeForm({
  draftKey,
  locations,
  sources,
  categories,
  canSearchHouseholds,
  canResolveNow = false,
  fromVisit,
}: {
  draftKey: string;
  locations: LocationGroup[];
  sources: Choice[];
  categories: CategoryChoice[];
  canSearchHouseholds: boolean;
  /** A grid worker's own intake starts accepted and may be resolved on the spot (当场办结). */
  canResolveNow?: boolean;
  /** Logging a request from a visit: door-knocking, the visited household and its place filled in, the visit linked. */
  fromVisit?: { visitId: number; household: ChosenHousehold };
}) {
  const [draft, update] = useStoredDraft(draftKey, parseSingle);
  const [photos, setPhotos] = useState<PickedPhoto[]>([]);
  const [status, setStatus] = useState<Status>({ kind: 'idle' });
  const [openedAt] = useState(Date.now);
  const online = useOnline();
  const alertRef = useRef<HTMLDivElement>(null);
  const doneRef = useRef<HTMLHeadingElement>(null);
  const prefill = useMemo(
    () => (fromVisit ? { source: 'door_knock', nodeId: String(fromVisit.household.nodeId), household: fromVisit.household } : undefined),
    [fromVisit],
  );
  const values = draft ?? (prefill ? { ...EMPTY_SINGLE, ...prefill } : EMPTY_SINGLE);

  const gridOfNode = useMemo(() => {
    const map = new Map<number, number>();
    for (const g of locations) {
      map.set(g.gridId, g.gridId);
      for (const b of g.buildings) map.set(b.id, g.gridId);
    }
    return map;
  }, [locations]);

  // Move focus to what just happened, so a screen reader or a thumb lands on it.
  useEffect(() => {
    if (status.kind === 'invalid' || status.kind === 'network') alertRef.current?.focus();
    if (status.kind === 'done') doneRef.current?.focus();
  }, [status]);

  // Photos live only in this page: warn before it is left with photos not yet sent.
  useEffect(() => {
    if (photos.length === 0) return;
    const warn = (e: BeforeUnloadEvent) => e.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [photos.length]);

  function change(patch: Partial<SingleDraft>) {
    update((current) => {
      const base = current ?? blankSingle(prefill);
      // A draft "begins" with its first content, not when a kept place and source were stored.
      return { ...base, ...patch, ...(singleHasContent(base) ? {} : { startedAt: Date.now() }) };
    });
  }
  const set = (field: SingleField) => (value: string) => change({ [field]: value });

  function chooseNode(value: string) {
    const h = values.household;
    // A household elsewhere than the new place would be refused by the server; drop it now.
    const keepsHousehold = h !== null && (Number(value) === h.nodeId || Number(value) === gridOfNode.get(h.nodeId));
    change({ nodeId: value, household: keepsHousehold ? h : null });
  }

  function chooseHousehold(h: ChosenHousehold | null) {
    change(h ? { household: h, nodeId: String(h.nodeId) } : { household: null });
  }

  function addPhotos(added: PickedPhoto[]) {
    const next = [...photos, ...added];
    setPhotos(next);
    change({ photoCount: next.length });
  }

  function removePhoto(id: number) {
    releasePhotos(photos.filter((p) => p.id === id));
    const next = photos.filter((p) => p.id !== id);
    setPhotos(next);
    change({ photoCount: next.length });
  }

  function clearDraft() {
    releasePhotos(photos);
    setPhotos([]);
    update(() => null);
    setStatus({ kind: 'idle' });
  }

  async function submit() {
    if (status.kind === 'sending') return;
    // The key must exist before the first attempt, so that every retry carries the same one.
    const d = draft ?? blankSingle(prefill);
    if (!draft) update(() => d);
    if (!navigator.onLine) {
      setStatus({ kind: 'network' });
      return;
    }
    const form = new FormData();
    const fields: Record<string, string> = {
      clientKey: d.clientKey,
      description: d.description,
      source: d.source,
      nodeId: d.nodeId,
      householdId: d.household ? String(d.household.id) : '',
      categoryId: d.categoryId,
      urgency: d.urgency,
      place: d.place,
      residentName: d.residentName,
      residentPhone: d.residentPhone,
      resolveNow: canResolveNow && d.resolveNow ? 'on' : '',
      resolution: canResolveNow && d.resolveNow ? d.resolution : '',
      visitId: fromVisit ? String(fromVisit.visitId) : '',
    };
    for (const [name, value] of Object.entries(fields)) form.set(name, value);
    for (const p of photos) form.append('photos', p.file, p.file.name);

    setStatus({ kind: 'sending' });
    let result: Awaited<ReturnType<typeof submitCaseAction>> | undefined;
    try {
      result = await submitCaseAction(form);
    } catch {
      // The request or its answer was lost: the draft stays, and the same key makes a retry safe.
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
    // Only now, with the server's confirmation, is the draft let go.
    releasePhotos(photos);
    setPhotos([]);
    update(() => null);
    setStatus({ kind: 'done', number: result.number, replayed: result.replayed, status: result.status, keep: { source: d.source, nodeId: d.nodeId } });
  }

  if (status.kind === 'done') {
    return (
      <section aria-labelledby="intake-done" className="rounded-xl border border-green-300 bg-green-50 p-4">
        <h2 id="intake-done" ref={doneRef} tabIndex={-1} className="text-lg font-bold text-green-900">
          <span aria-hidden="true">✓ </span>
          {status.status === 'resolved' ? T.successResolved : status.status === 'accepted' ? T.successAccepted : T.success}
        </h2>
        <p className="mt-2">
          {T.successNumber}：
          <Link href={`/cases/${status.number}`} className="font-mono text-lg font-semibold text-blue-800 underline">
            {status.number}
          </Link>
        </p>
        {status.replayed && <p className="mt-1 text-sm text-green-900">{T.successReplayed}</p>}
        <div className="mt-4 grid gap-2 sm:grid-cols-2">
          {fromVisit ? (
            <Link href="/work/visits" className="flex min-h-12 items-center justify-center rounded-lg bg-brand-700 px-4 font-semibold text-white">
              返回今日走访
            </Link>
          ) : (
          <button
            type="button"
            onClick={() => {
              update(() => blankSingle(status.keep));
              setStatus({ kind: 'idle' });
            }}
            className="min-h-12 rounded-lg bg-brand-700 px-4 font-semibold text-white"
          >
            {T.another}
          </button>
          )}
          <Link href={`/cases/${status.number}`} className="flex min-h-12 items-center justify-center rounded-lg border border-stone-400 bg-white px-4 font-medium">
            {T.openCase}
          </Link>
        </div>
      </section>
    );
  }

  const errors = status.kind === 'invalid' ? status.fieldErrors : {};
  const err = (field: string) => errors[field]?.[0];
  const summaryItems: ErrorItem[] = Object.entries(errors).flatMap(([field, messages]) =>
    FIELDS[field] && messages?.[0] ? [{ id: FIELDS[field].id, label: FIELDS[field].label.replace(/（.*）$/, ''), message: messages[0] }] : [],
  );
  const restored = draft !== null && draft.startedAt < openedAt && singleHasContent(draft);
  const sending = status.kind === 'sending';

  return (
    <form
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
      onKeyDown={(e) => {
        // The keyboard's Enter in a one-line field must not send a half-filled form; the button does.
        if (e.key === 'Enter' && e.target instanceof HTMLInputElement) e.preventDefault();
      }}
    >
      {restored && <RestoredNotice onClear={clearDraft} photosLost={draft.photoCount > 0 && photos.length === 0} />}
      {!online && status.kind !== 'network' && <OfflineNotice />}
      {status.kind === 'network' && <NetworkLostNotice ref={alertRef} online={online} pending={sending} onRetry={() => void submit()} />}
      {status.kind === 'invalid' && <ErrorSummary ref={alertRef} message={status.message} items={summaryItems} />}

      <div className="space-y-5">
        <div>
          <label htmlFor="intake-description" className={labelClass}>
            {T.description}
            <span className="ml-1 text-xs font-normal text-stone-600">（必填）</span>
          </label>
          <textarea
            id="intake-description"
            name="description"
            rows={4}
            maxLength={1000}
            required
            value={values.description}
            onChange={(e) => set('description')(e.target.value)}
            placeholder={T.descriptionHint}
            className={inputClass}
            {...errorProps('intake-description', err('description'))}
          />
          <FieldError id="intake-description" error={err('description')} />
        </div>

        <ChoiceChips name="source" legend={`${T.source}（必填）`} choices={sources} value={values.source} error={err('source')} onChange={set('source')} />

        <LocationSelect id="intake-node" label={`${T.location}（必填）`} groups={locations} value={values.nodeId} error={err('nodeId')} onChange={chooseNode} />

        {canSearchHouseholds ? (
          <HouseholdPicker
            id="intake-household"
            nodeId={values.nodeId ? Number(values.nodeId) : undefined}
            chosen={values.household}
            error={err('householdId')}
            onChoose={chooseHousehold}
          />
        ) : (
          <p className="text-sm text-stone-600">{T.householdNotAllowed}</p>
        )}

        <div>
          <label htmlFor="intake-place" className={labelClass}>
            {T.place}
          </label>
          <input
            id="intake-place"
            name="place"
            maxLength={100}
            value={values.place}
            onChange={(e) => set('place')(e.target.value)}
            placeholder={T.placeHint}
            className={inputClass}
            {...errorProps('intake-place', err('place'))}
          />
          <FieldError id="intake-place" error={err('place')} />
        </div>

        <div className="grid gap-5 min-[480px]:grid-cols-2">
          <div>
            <label htmlFor="intake-name" className={labelClass}>
              {T.residentName}
            </label>
            <input
              id="intake-name"
              name="residentName"
              maxLength={20}
              autoComplete="off"
              value={values.residentName}
              onChange={(e) => set('residentName')(e.target.value)}
              className={inputClass}
              {...errorProps('intake-name', err('residentName'))}
            />
            <FieldError id="intake-name" error={err('residentName')} />
          </div>
          <div>
            <label htmlFor="intake-phone" className={labelClass}>
              {T.residentPhone}
            </label>
            <input
              id="intake-phone"
              name="residentPhone"
              type="tel"
              inputMode="tel"
              maxLength={11}
              autoComplete="off"
              value={values.residentPhone}
              onChange={(e) => set('residentPhone')(e.target.value)}
              className={inputClass}
              {...errorProps('intake-phone', err('residentPhone'))}
            />
            <FieldError id="intake-phone" error={err('residentPhone')} />
          </div>
        </div>

        <div>
          <label htmlFor="intake-category" className={labelClass}>
            {T.category}
          </label>
          <select
            id="intake-category"
            name="categoryId"
            value={values.categoryId}
            onChange={(e) => set('categoryId')(e.target.value)}
            className={inputClass}
            {...errorProps('intake-category', err('categoryId'))}
          >
            <option value="">{T.categoryNone}</option>
            {categories.map((c) => (
              <option key={c.id} value={String(c.id)}>
                {c.name}
              </option>
            ))}
          </select>
          {canResolveNow && (
            <p id="intake-category-hint" className="mt-1 text-sm text-stone-600">
              {T.categoryAccepts}
            </p>
          )}
          <FieldError id="intake-category" error={err('categoryId')} />
        </div>

        <ChoiceChips
          name="urgency"
          legend={T.urgency}
          choices={URGENCY_CHOICES}
          value={values.urgency}
          error={err('urgency')}
          onChange={(v) => change({ urgency: v === 'urgent' ? 'urgent' : 'normal' })}
          columns="grid-cols-2"
        />

        {canResolveNow && (
          <fieldset className="rounded-xl border border-stone-300 bg-white p-3">
            <legend className="px-1 text-sm font-medium text-stone-800">{T.resolveNowLegend}</legend>
            <label className="flex min-h-12 items-center gap-3 text-base">
              <input
                type="checkbox"
                name="resolveNow"
                checked={values.resolveNow}
                onChange={(e) => change({ resolveNow: e.target.checked })}
                className="h-6 w-6"
                aria-describedby="intake-resolve-hint"
              />
              {T.resolveNow}
            </label>
            <p id="intake-resolve-hint" className="text-sm text-stone-600">
              {T.resolveNowHint}
            </p>
            {values.resolveNow && (
              <div className="mt-3">
                <label htmlFor="intake-resolution" className={labelClass}>
                  {T.resolution}
                  <span className="ml-1 text-xs font-normal text-stone-600">（必填）</span>
                </label>
                <textarea
                  id="intake-resolution"
                  name="resolution"
                  rows={3}
                  maxLength={1000}
                  value={values.resolution}
                  onChange={(e) => set('resolution')(e.target.value)}
                  className={inputClass}
                  {...errorProps('intake-resolution', err('resolution'))}
                />
                <FieldError id="intake-resolution" error={err('resolution')} />
              </div>
            )}
          </fieldset>
        )}

        <PhotoPicker id="intake-photos" label="照片" hint={T.photoNotSaved} photos={photos} error={err('photos')} onAdd={addPhotos} onRemove={removePhoto} />
      </div>

      <StickyBar note={singleHasContent(draft) ? (draftPersisted(draftKey) ? T.draftSaved : T.draftMemoryOnly) : undefined}>
        <button type="submit" disabled={sending} className="min-h-12 w-full rounded-lg bg-brand-700 px-4 text-base font-semibold text-white disabled:opacity-70">
          {sending ? T.submitting : status.kind === 'network' ? T.retry : canResolveNow && values.resolveNow ? T.submitResolved : T.submit}
        </button>
      </StickyBar>
    </form>
  );
}
