// The five groups of a pledge item (民生服务类 …), chosen on the secretary's list and in a member's own commitment.
import { PLEDGE_GROUPS } from '@/db/schema';

export function PledgeGroupSelect({ className }: { className: string }) {
  return (
    <label className="text-sm font-medium">
      类别
      <select name="group" required defaultValue="" className={className}>
        <option value="" disabled>
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
