// Chinese labels for the organisation model, kept together so they can be translated later.
import type { CareTag, OrgKind } from '@/db/schema';

export const ORG_KIND_LABELS: Record<OrgKind, string> = {
  county: '县',
  township: '乡镇/街道',
  community: '社区',
  grid: '网格',
  building: '楼栋',
};

export const CARE_TAG_LABELS: Record<CareTag, string> = {
  elderly_80: '80岁以上',
  living_alone: '独居',
  hardship: '特困',
  disabled: '残疾',
  left_behind_child: '留守儿童',
  migrant_child: '流动儿童',
};

export const RELATION_LABELS = {
  head: '户主',
  spouse: '配偶',
  child: '子女',
  parent: '父母',
  grandchild: '孙辈',
  other: '其他',
} as const;

export const PARTY_MEMBER_KIND_LABELS = { in_service: '在职党员', floating: '流动党员' } as const;

export const UNIT_KIND_LABELS = { co_building: '共驻共建单位', department: '职能部门' } as const;

export const COUNT_LABELS = {
  grids: '网格',
  buildings: '楼栋',
  households: '户数',
  residents: '居民',
  partyMembers: '在职党员',
  floatingMembers: '流动党员',
  centralHouseholds: '党员中心户',
  careHouseholds: '关爱户',
} as const;
