// Form pieces shared by the registry's forms: labelled fields sized for a thumb (360 px first), one way to show errors.
import { errorProps, FieldError } from '@/components/forms/field-error';

export const inputClass = 'mt-1 block min-h-12 w-full rounded-lg border border-stone-400 bg-white px-3 text-base';

type Common = { name: string; label: string; error?: string; hint?: string; defaultValue?: string; required?: boolean; idPrefix?: string };

export function TextField({
  name,
  label,
  error,
  hint,
  defaultValue,
  required,
  idPrefix = 'f',
  type = 'text',
  inputMode,
  autoComplete = 'off',
  placeholder,
  maxLength,
}: Common & { type?: 'text' | 'date' | 'tel' | 'number'; inputMode?: 'numeric' | 'tel' | 'text'; autoComplete?: string; placeholder?: string; maxLength?: number }) {
  const id = `${idPrefix}-${name}`;
  return (
    <div>
      <label htmlFor={id} className="block text-sm font-medium">
        {label}
        {required && <span className="text-red-800"> *</span>}
      </label>
      <input
        id={id}
        name={name}
        type={type}
        inputMode={inputMode}
        autoComplete={autoComplete}
        placeholder={placeholder}
        maxLength={maxLength}
        defaultValue={defaultValue}
        className={inputClass}
        {...errorProps(id, error)}
      />
      {hint && <p className="mt-1 text-xs text-stone-600">{hint}</p>}
      <FieldError id={id} error={error} />
    </div>
  );
}

export function SelectField({ name, label, error, hint, defaultValue, required, idPrefix = 'f', options }: Common & { options: readonly { value: string; label: string }[] }) {
  const id = `${idPrefix}-${name}`;
  return (
    <div>
      <label htmlFor={id} className="block text-sm font-medium">
        {label}
        {required && <span className="text-red-800"> *</span>}
      </label>
      <select id={id} name={name} defaultValue={defaultValue} className={inputClass} {...errorProps(id, error)}>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      {hint && <p className="mt-1 text-xs text-stone-600">{hint}</p>}
      <FieldError id={id} error={error} />
    </div>
  );
}

export function FormAlert({ message }: { message?: string }) {
  if (!message) return null;
  return (
    <p role="alert" className="rounded-lg border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-800">
      {message}
    </p>
  );
}

export function SubmitButton({ pending, children, tone = 'primary' }: { pending: boolean; children: React.ReactNode; tone?: 'primary' | 'plain' }) {
  return (
    <button
      type="submit"
      disabled={pending}
      className={`min-h-12 w-full rounded-lg px-4 font-semibold disabled:opacity-70 sm:w-auto ${
        tone === 'primary' ? 'bg-brand-700 text-white hover:bg-brand-800' : 'border border-stone-400 bg-white text-stone-900 hover:bg-stone-50'
      }`}
    >
      {pending ? '正在保存…' : children}
    </button>
  );
}
