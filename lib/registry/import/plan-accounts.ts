// Plans the 账号 sheet: new accounts (a one-time password each, issued at confirmation) and changes to accounts of the community, within what the importer may grant.
import type { Role } from '@/db/schema';
import { ROLE_LABELS } from '@/lib/auth/roles';
import { cellText, phoneField, text } from './fields';
import { RowError, type PlanState, SheetReader } from './plan-state';
import type { LedgerSheet } from './read-workbook';
import { nodeRef, type AccountRec, type World } from './world';

const ROLES_BY_LABEL: Record<string, Role> = {
  系统管理员: 'admin', 管理员: 'admin', 社区书记: 'secretary', 书记: 'secretary', 网格员: 'grid_worker', 网格长: 'grid_worker',
  党员: 'party_member', 在职党员: 'party_member', 单位联络人: 'unit_liaison', 联络人: 'unit_liaison',
};

/** What each importer may create or change by import: never an administrator, and a secretary only their community's field accounts. */
export const IMPORTABLE_ROLES: Record<'admin' | 'secretary', readonly Role[]> = {
  admin: ['secretary', 'grid_worker', 'party_member', 'unit_liaison'],
  secretary: ['grid_worker', 'party_member'],
};

const USERNAME = /^[A-Za-z0-9_.-]{3,32}$/;

export function planAccounts(state: PlanState, sheet: LedgerSheet, importerRole: 'admin' | 'secretary'): SheetReader {
  const reader = new SheetReader(state, sheet);
  const world = state.world;
  const seen = new Map<string, number>();
  const phonesInFile = new Map<string, number>();
  for (const { row, cells } of sheet.rows) {
    reader.row(row, () => {
      const username = reader.field('username', () => cellText(reader.cell(cells, 'username')));
      if (username === '') throw new RowError('username', '缺少账号');
      if (!USERNAME.test(username)) throw new RowError('username', '账号只能由3到32个字母、数字、下划线、点或减号组成');
      const displayName = reader.field('displayName', () => text(reader.cell(cells, 'displayName'), 30, '姓名'));
      if (displayName === '') throw new RowError('displayName', '缺少姓名');
      const phone = reader.field('phone', () => phoneField(reader.cell(cells, 'phone')));
      const roleText = reader.field('role', () => cellText(reader.cell(cells, 'role')));
      const role = ROLES_BY_LABEL[roleText];
      if (!role) throw new RowError('role', `角色“${roleText}”无法识别，应为：社区书记 / 网格员 / 党员 / 单位联络人`);
      if (!IMPORTABLE_ROLES[importerRole].includes(role)) {
        throw new RowError('role', role === 'admin' ? '系统管理员账号不能通过导入创建' : `您不能导入${ROLE_LABELS[role]}账号（社区书记只能导入网格员和党员账号）`);
      }
      const statusText = reader.field('status', () => cellText(reader.cell(cells, 'status')));
      if (statusText && statusText !== '启用' && statusText !== '停用') throw new RowError('status', '账号状态应为“启用”或“停用”');

      const key = username.toLowerCase();
      const earlier = seen.get(key);
      if (earlier !== undefined) throw new RowError('username', `账号与第${earlier}行重复`);
      if (phone) {
        const phoneRow = phonesInFile.get(phone);
        if (phoneRow !== undefined) throw new RowError('phone', `手机号码与第${phoneRow}行重复`);
        const owner = world.accountByPhone.get(phone);
        if (owner && owner !== world.accounts.get(key)?.ref) throw new RowError('phone', '该手机号码已被其他账号使用');
      }

      // What the account acts for, by role.
      let scopeRefs: string[] = [];
      let unitId: number | null = null;
      let partyMemberRef: string | null = null;
      if (role === 'secretary') scopeRefs = [nodeRef(world.community.id)];
      if (role === 'grid_worker') {
        const names = reader.field('scope', () => cellText(reader.cell(cells, 'scope'))).split(/[、,，;；\s]+/).filter(Boolean);
        if (names.length === 0) throw new RowError('scope', '网格员须填写管辖网格');
        for (const name of names) {
          const grid = world.gridsByName.get(name);
          if (!grid || grid.retired) throw new RowError('scope', `本社区没有名为“${name}”的网格`);
          scopeRefs.push(nodeRef(grid.id));
        }
      }
      if (role === 'unit_liaison') {
        const name = reader.field('unit', () => cellText(reader.cell(cells, 'unit')));
        const unit = world.units.get(name);
        if (!unit) throw new RowError('unit', name ? `没有名为“${name}”的单位` : '单位联络人须填写所属单位');
        unitId = unit.id;
        scopeRefs = [nodeRef(world.community.id)];
      }
      if (role === 'party_member') {
        const id = reader.field('partyIdNumber', () => cellText(reader.cell(cells, 'partyIdNumber')).toUpperCase());
        const personRef = id ? world.personById.get(id) : phone ? world.personByNamePhone.get(`${displayName}|${phone}`) : undefined;
        partyMemberRef = personRef ? (world.partyMemberByPerson.get(personRef) ?? null) : null;
        const existing = world.accounts.get(username.toLowerCase());
        // An existing member account the row cannot tie to a member (no ID number exported): it keeps its member.
        if (!partyMemberRef && existing?.role === 'party_member' && !id) partyMemberRef = existing.partyMemberRef;
        if (!partyMemberRef) throw new RowError(id ? 'partyIdNumber' : 'displayName', '找不到对应的党员：请先在党员报到台账中登记，并填写党员身份证号（或相同的姓名和手机号码）');
        scopeRefs = [gridOf(world, world.partyMembers.get(partyMemberRef)?.nodeRef ?? existing!.scopeRefs[0]!)];
      }
      scopeRefs = [...new Set(scopeRefs)].sort();

      const existing = world.accounts.get(key);
      seen.set(key, row);
      if (phone) phonesInFile.set(phone, row);
      if (existing) {
        if (!existing.withinCommunity) throw new RowError('username', '该账号名已被使用');
        if (existing.role !== role) throw new RowError('role', `该账号现在是${ROLE_LABELS[existing.role]}：变更角色请在账号管理页面操作`);
        const patch: Partial<AccountRec> = { displayName, scopeRefs, unitId, partyMemberRef };
        if (phone) patch.phone = phone;
        if (statusText) patch.active = statusText === '启用';
        return state.patch('accounts', existing, patch);
      }
      const rec: AccountRec = {
        ref: state.newRef('a'), id: null, username, displayName, phone: phone || null, role, unitId, partyMemberRef,
        active: statusText !== '停用', scopeRefs, withinCommunity: true,
      };
      world.accounts.set(key, rec);
      if (phone) world.accountByPhone.set(phone, rec.ref);
      state.touched.accounts.add(rec.ref);
      return 'new';
    });
  }
  return reader;
}

/** A party member's account acts for the grid of the building they serve. */
function gridOf(world: World, ref: string): string {
  if (ref.startsWith('b+')) return nodeRef(Number(ref.slice(2).split('|')[0]));
  const node = world.nodes.get(ref);
  return node?.kind === 'building' && node.parentId !== null ? nodeRef(node.parentId) : ref;
}
