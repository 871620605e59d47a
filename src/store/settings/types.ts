/** Settings: the key/value table behind `config` and the store's own counters. */
export interface SettingsTx {
  getSetting(key: string): Promise<string | null>;
  setSetting(key: string, value: string): Promise<void>;
  /** Every setting, by key. */
  settingsAll(): Promise<Array<{ key: string; value: string }>>;
  deleteSetting(key: string): Promise<void>;
}
