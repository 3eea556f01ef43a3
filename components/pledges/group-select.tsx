// The five groups of a pledge item (民生服务类 …), chosen on the secretary's list, in a member's own commitment, and
// (optional) when the secretary records a member's own commitment for them.
import { PLEDGE_GROUPS } from '@/db/schema';

export function PledgeGroupSelect({ className, label = '类别', optional = false }: { className: string; label?: string; optional?: boolean }) {
  return (
    <label className="text-sm font-medium">
      {label}
      <select name="group" required={!optional} defaultValue="" className={className}>
        <option value="" disabled={!optional}>
          请选择
        </option>
        {PLEDGE_GROUPS.map((g) => (
          <option key={g} value={g}>
            {g}
          </option>
        ))}
      </select>
    </label>
  );
}
