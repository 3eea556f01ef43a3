// The four registry ledgers as spreadsheets: their sheets, Chinese headers, the header variants communities use, and how a header row is read.

export const LEDGER_KINDS = ['households', 'party_members', 'central_households', 'accounts'] as const;
export type LedgerKind = (typeof LEDGER_KINDS)[number];

export type ColumnSpec = {
  key: string;
  /** The header the template and the export write. */
  header: string;
  /** Other headers meaning the same column in ledgers communities already keep. */
  variants?: readonly string[];
  width: number;
  /** Shown in the template's example row and its 填写说明 sheet. */
  hint?: string;
};

export type LedgerSpec = {
  kind: LedgerKind;
  /** The sheet name the template writes; the importer also recognises a sheet by its headers. */
  sheet: string;
  /** Other sheet names that mean this ledger. */
  sheetVariants: readonly string[];
  title: string;
  columns: readonly ColumnSpec[];
  /** Columns without which the sheet cannot be read at all. */
  requiredColumns: readonly string[];
  /** One example row for the template. */
  example: Record<string, string>;
};

const HOUSEHOLDS: LedgerSpec = {
  kind: 'households',
  sheet: '人口台账',
  sheetVariants: ['户籍台账', '人口信息', '居民台账', '住户台账', '人口台帐'],
  title: '人口/户籍台账（每位居民一行，同一网格、楼栋、单元、门牌号的行为同一户）',
  columns: [
    { key: 'grid', header: '网格', variants: ['所属网格', '网格名称', '小区', '小区名称'], width: 12, hint: '本社区已有的网格名称' },
    { key: 'building', header: '楼栋', variants: ['楼号', '楼栋号', '栋号', '楼栋名称', '所属楼栋'], width: 10, hint: '如 3号楼；农村网格不填' },
    { key: 'unit', header: '单元', variants: ['单元号'], width: 8, hint: '如 1单元' },
    { key: 'room', header: '门牌号', variants: ['房号', '房间号', '室号', '户号', '门牌'], width: 10, hint: '如 502；农村网格填门牌 12号' },
    { key: 'address', header: '住址', variants: ['地址', '家庭住址', '详细地址', '现住址', '居住地址'], width: 26, hint: '不填则按网格、楼栋、单元、门牌号生成' },
    { key: 'householdStatus', header: '住户状态', variants: ['户状态', '居住状态'], width: 9, hint: '在住 / 空置 / 已迁出' },
    { key: 'size', header: '户人数', variants: ['家庭人口', '户内人数', '家庭人数'], width: 7 },
    { key: 'careTags', header: '关爱标签', variants: ['关爱类型', '特殊人群', '重点人群'], width: 16, hint: '独居、特困、残疾、留守儿童、流动儿童，多个用顿号隔开' },
    { key: 'name', header: '姓名', variants: ['户主姓名', '居民姓名', '成员姓名', '人员姓名'], width: 10 },
    { key: 'relation', header: '与户主关系', variants: ['关系', '与户主的关系'], width: 10, hint: '户主 / 配偶 / 子女 / 父母 / 孙辈 / 其他' },
    { key: 'gender', header: '性别', width: 6, hint: '男 / 女（有身份证号可不填）' },
    { key: 'birthDate', header: '出生日期', variants: ['出生年月', '出生年月日', '生日'], width: 12, hint: '如 1956-03-08（有身份证号可不填）' },
    { key: 'idNumber', header: '身份证号', variants: ['公民身份号码', '身份证号码', '证件号码', '身份证'], width: 21, hint: '请把此列设为文本格式' },
    { key: 'phone', header: '联系电话', variants: ['手机号码', '手机号', '电话', '联系方式', '手机'], width: 14 },
    { key: 'personStatus', header: '人员状态', variants: ['在册状态', '居民状态'], width: 9, hint: '在册 / 已迁出 / 已故' },
    { key: 'movedInOn', header: '迁入日期', variants: ['入住日期', '迁入时间'], width: 12 },
  ],
  requiredColumns: ['grid', 'room', 'name'],
  example: {
    grid: '示例网格', building: '1号楼', unit: '1单元', room: '101', address: '', householdStatus: '在住', size: '2', careTags: '独居',
    name: '张三', relation: '户主', gender: '男', birthDate: '1950-01-01', idNumber: '', phone: '13800000000', personStatus: '在册', movedInOn: '',
  },
};

const PARTY_MEMBERS: LedgerSpec = {
  kind: 'party_members',
  sheet: '党员报到台账',
  sheetVariants: ['党员台账', '在职党员报到', '在职党员报到台账', '党员信息'],
  title: '党员报到台账（在职党员、流动党员，每人一行）',
  columns: [
    { key: 'name', header: '姓名', variants: ['党员姓名'], width: 10 },
    { key: 'gender', header: '性别', width: 6 },
    { key: 'birthDate', header: '出生日期', variants: ['出生年月', '出生年月日'], width: 12 },
    { key: 'idNumber', header: '身份证号', variants: ['公民身份号码', '身份证号码', '证件号码'], width: 21, hint: '请把此列设为文本格式' },
    { key: 'phone', header: '联系电话', variants: ['手机号码', '手机号', '电话', '联系方式'], width: 14 },
    { key: 'kind', header: '党员类型', variants: ['类型', '党员类别', '身份类别'], width: 10, hint: '在职党员 / 流动党员' },
    { key: 'workplace', header: '工作单位', variants: ['所在单位', '单位名称', '工作单位及职务'], width: 24 },
    { key: 'unit', header: '共建单位', variants: ['共驻共建单位', '报到单位'], width: 22, hint: '须为已登记的共驻共建单位，可不填' },
    { key: 'grid', header: '报到网格', variants: ['网格', '服务网格', '所属网格'], width: 12 },
    { key: 'building', header: '服务楼栋', variants: ['报到楼栋', '包联楼栋', '楼栋', '楼号'], width: 10, hint: '农村网格不填' },
    { key: 'registeredOn', header: '报到日期', variants: ['报到时间'], width: 12 },
    { key: 'status', header: '党员状态', variants: ['状态'], width: 9, hint: '在册 / 已转出' },
    { key: 'leftOn', header: '转出日期', variants: ['转出时间'], width: 12 },
  ],
  requiredColumns: ['name', 'grid'],
  example: {
    name: '李四', gender: '女', birthDate: '1985-06-01', idNumber: '', phone: '13800000001', kind: '在职党员', workplace: '县人民医院',
    unit: '', grid: '示例网格', building: '1号楼', registeredOn: '2026-03-01', status: '在册', leftOn: '',
  },
};

const CENTRAL_HOUSEHOLDS: LedgerSpec = {
  kind: 'central_households',
  sheet: '党员中心户台账',
  sheetVariants: ['党员中心户', '中心户台账', '中心户联系户'],
  title: '党员中心户及联系户（每个联系户一行）',
  columns: [
    { key: 'centralGrid', header: '中心户网格', width: 12 },
    { key: 'centralBuilding', header: '中心户楼栋', variants: ['中心户楼号'], width: 10 },
    { key: 'centralUnit', header: '中心户单元', width: 9 },
    { key: 'centralRoom', header: '中心户门牌号', variants: ['中心户房号'], width: 11 },
    { key: 'memberName', header: '中心户党员', variants: ['党员姓名', '中心户户主'], width: 10 },
    { key: 'memberIdNumber', header: '党员身份证号', variants: ['党员公民身份号码'], width: 21 },
    { key: 'memberPhone', header: '党员联系电话', variants: ['党员手机号码', '党员电话'], width: 14 },
    { key: 'linkedGrid', header: '联系户网格', width: 12 },
    { key: 'linkedBuilding', header: '联系户楼栋', variants: ['联系户楼号'], width: 10 },
    { key: 'linkedUnit', header: '联系户单元', width: 9 },
    { key: 'linkedRoom', header: '联系户门牌号', variants: ['联系户房号'], width: 11 },
  ],
  requiredColumns: ['centralGrid', 'centralRoom', 'memberName'],
  example: {
    centralGrid: '示例网格', centralBuilding: '1号楼', centralUnit: '1单元', centralRoom: '101', memberName: '李四', memberIdNumber: '',
    memberPhone: '13800000001', linkedGrid: '示例网格', linkedBuilding: '1号楼', linkedUnit: '1单元', linkedRoom: '102',
  },
};

const ACCOUNTS: LedgerSpec = {
  kind: 'accounts',
  sheet: '账号',
  sheetVariants: ['账号台账', '用户', '账号清单'],
  title: '账号（每个账号一行；新账号的一次性密码只在确认导入后显示一次）',
  columns: [
    { key: 'username', header: '账号', variants: ['用户名', '登录名', '登录账号'], width: 14, hint: '字母、数字、下划线' },
    { key: 'displayName', header: '姓名', variants: ['显示名称'], width: 10 },
    { key: 'phone', header: '手机号码', variants: ['联系电话', '手机号', '电话'], width: 14 },
    { key: 'role', header: '角色', width: 12, hint: '社区书记 / 网格员 / 党员 / 单位联络人' },
    { key: 'scope', header: '管辖网格', variants: ['管辖范围', '负责网格', '所属网格'], width: 22, hint: '网格员填网格名称，多个用顿号隔开' },
    { key: 'unit', header: '所属单位', variants: ['单位', '单位名称'], width: 22, hint: '单位联络人填写' },
    { key: 'partyIdNumber', header: '党员身份证号', width: 21, hint: '党员账号：对应党员报到台账中的党员（或按姓名和手机号码对应）' },
    { key: 'status', header: '账号状态', variants: ['状态'], width: 9, hint: '启用 / 停用' },
  ],
  requiredColumns: ['username', 'displayName', 'role'],
  example: { username: 'wg_zhang', displayName: '张丽', phone: '13800000002', role: '网格员', scope: '示例网格', unit: '', partyIdNumber: '', status: '启用' },
};

export const LEDGERS: Record<LedgerKind, LedgerSpec> = {
  households: HOUSEHOLDS,
  party_members: PARTY_MEMBERS,
  central_households: CENTRAL_HOUSEHOLDS,
  accounts: ACCOUNTS,
};

/** The order sheets are planned in: later ledgers refer to what earlier ones create. */
export const LEDGER_ORDER: readonly LedgerKind[] = ['households', 'party_members', 'central_households', 'accounts'];

export const LEDGER_FILE_NAMES: Record<LedgerKind, string> = {
  households: '人口台账',
  party_members: '党员报到台账',
  central_households: '党员中心户台账',
  accounts: '账号',
};

/**
 * How headers are compared: ledgers mark required columns with *, break long headers over two
 * lines, add units in brackets ("出生日期（年月日）") and mix full- and half-width characters.
 */
export function normaliseHeader(raw: string): string {
  return raw
    .normalize('NFKC')
    .replace(/[\s*＊:：]/g, '')
    .replace(/[(（][^)）]*[)）]/g, '')
    .toLowerCase();
}

export type HeaderMatch = {
  /** Column number (1-based) of each recognised column key. */
  columns: Map<string, number>;
  /** Headers the importer does not know, reported rather than guessed at. */
  unknown: { column: number; header: string }[];
  /** Keys named by two headers. */
  duplicates: { key: string; header: string; column: number }[];
  /** The header text actually used for each key, e.g. 户主姓名 for `name`. */
  used: Map<string, string>;
};

function lookup(spec: LedgerSpec): Map<string, string> {
  const map = new Map<string, string>();
  for (const c of spec.columns) for (const h of [c.header, ...(c.variants ?? [])]) map.set(normaliseHeader(h), c.key);
  return map;
}
const LOOKUPS = new Map<LedgerKind, Map<string, string>>(LEDGER_KINDS.map((k) => [k, lookup(LEDGERS[k])]));

export function matchHeaders(kind: LedgerKind, headers: readonly (string | null)[]): HeaderMatch {
  const known = LOOKUPS.get(kind)!;
  const columns = new Map<string, number>();
  const used = new Map<string, string>();
  const unknown: HeaderMatch['unknown'] = [];
  const duplicates: HeaderMatch['duplicates'] = [];
  headers.forEach((header, i) => {
    if (!header) return;
    const key = known.get(normaliseHeader(header));
    if (!key) {
      // 序号 is every ledger's row counter: expected, not an unknown column.
      if (!['序号', '编号', 'no', 'no.'].includes(normaliseHeader(header))) unknown.push({ column: i + 1, header });
      return;
    }
    if (columns.has(key)) duplicates.push({ key, header, column: i + 1 });
    else {
      columns.set(key, i + 1);
      used.set(key, header);
    }
  });
  return { columns, unknown, duplicates, used };
}

/** Which ledger a sheet holds: by its name first, then by how many of its headers a ledger knows. */
export function identifyLedger(sheetName: string, headers: readonly (string | null)[]): LedgerKind | null {
  const name = normaliseHeader(sheetName);
  for (const kind of LEDGER_KINDS) {
    const spec = LEDGERS[kind];
    if ([spec.sheet, ...spec.sheetVariants].some((s) => normaliseHeader(s) === name)) return kind;
  }
  let best: { kind: LedgerKind; score: number } | null = null;
  for (const kind of LEDGER_KINDS) {
    const m = matchHeaders(kind, headers);
    const hasRequired = LEDGERS[kind].requiredColumns.every((k) => m.columns.has(k));
    const score = hasRequired ? m.columns.size - m.unknown.length : -1;
    if (score > 0 && (!best || score > best.score)) best = { kind, score };
  }
  return best?.kind ?? null;
}

/** The column's letter as Excel shows it (1 → A, 27 → AA), for messages. */
export function columnLetter(column: number): string {
  let s = '';
  for (let n = column; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}
