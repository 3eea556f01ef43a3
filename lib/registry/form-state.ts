// What a registry form's server action hands back to the form: messages per field and what was typed, so nothing is lost on a refusal.

export type RegistryFormState = {
  message?: string;
  fieldErrors?: Record<string, string>;
  /** The submitted values (never an ID number), shown again in the refused form. */
  values?: Record<string, string>;
  /** Changes with every refusal, so the form re-mounts with the submitted values. */
  attempt?: number;
};

/** The confirmations the household page shows after a redirect (`?done=`). */
export const HOUSEHOLD_DONE: Record<string, string> = {
  created: '已新增住户',
  updated: '住户信息已保存',
  status: '住户状态已更新',
  care: '关爱标签已保存',
  resident_added: '已添加家庭成员',
  resident_updated: '成员信息已保存',
  resident_status: '成员状态已更新',
  central: '党员中心户联系已调整',
  unchanged: '没有修改',
};
