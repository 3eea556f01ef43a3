// Form pieces shared by the single and batch intake forms: labelled inputs, the place select and the source picker.
import type { LocationGroup } from '@/lib/org/locations';
import { T } from './text';

import { errorProps, FieldError } from '@/components/forms/field-error';

export { errorProps, FieldError };

/** 16 px text stops mobile browsers zooming in on focus; 48 px height is an easy thumb target. */
export const inputClass =
  'mt-1 block min-h-12 w-full rounded-lg border border-stone-400 bg-white px-3 py-2 text-base aria-[invalid=true]:border-red-700 aria-[invalid=true]:ring-1 aria-[invalid=true]:ring-red-700';
export const labelClass = 'block text-sm font-medium text-stone-800';

export type Choice = { value: string; label: string };

export function LocationSelect({
  id,
  label,
  groups,
  value,
  error,
  onChange,
}: {
  id: string;
  label: string;
  groups: LocationGroup[];
  value: string;
  error?: string;
  onChange: (value: string) => void;
}) {
  return (
    <div>
      <label htmlFor={id} className={labelClass}>
        {label}
      </label>
      <select id={id} name="nodeId" value={value} onChange={(e) => onChange(e.target.value)} className={inputClass} {...errorProps(id, error)}>
        <option value="">{T.locationPlaceholder}</option>
        {groups.map((g) => (
          <optgroup key={g.gridId} label={g.label}>
            {g.gridSelectable && <option value={String(g.gridId)}>{T.wholeGrid(g.label)}</option>}
            {g.buildings.map((b) => (
              <option key={b.id} value={String(b.id)}>
                {b.name}
              </option>
            ))}
          </optgroup>
        ))}
      </select>
      <FieldError id={id} error={error} />
    </div>
  );
}

/** A row of big radio "chips": one tap each, and the choice is shown by a tick and weight, not colour alone. */
export function ChoiceChips({
  name,
  legend,
  choices,
  value,
  error,
  onChange,
  columns = 'grid-cols-2 min-[400px]:grid-cols-3',
}: {
  name: string;
  legend: string;
  choices: Choice[];
  value: string;
  error?: string;
  onChange: (value: string) => void;
  columns?: string;
}) {
  const id = `${name}-group`;
  return (
    <fieldset {...(error ? { 'aria-describedby': `${id}-error` } : {})}>
      <legend className={labelClass}>{legend}</legend>
      <div className={`mt-1 grid gap-2 ${columns}`}>
        {choices.map((c) => {
          const checked = value === c.value;
          return (
            <label
              key={c.value}
              className={`flex min-h-12 cursor-pointer items-center justify-center gap-1 rounded-lg border px-2 text-center text-sm has-[:focus-visible]:outline-3 has-[:focus-visible]:outline-offset-2 has-[:focus-visible]:outline-blue-700 ${
                checked ? 'border-brand-700 bg-brand-50 font-semibold text-brand-800' : 'border-stone-300 bg-white'
              }`}
            >
              <input type="radio" name={name} value={c.value} checked={checked} onChange={() => onChange(c.value)} className="sr-only" />
              {checked && <span aria-hidden="true">✓</span>}
              {c.label}
            </label>
          );
        })}
      </div>
      <FieldError id={id} error={error} />
    </fieldset>
  );
}
