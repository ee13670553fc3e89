// The slice of the Node-RED editor's global API that the sidebar and the node dialogs use.

interface RedEditorSidebarTab {
  id: string;
  label?: string;
  name: string;
  iconClass: string;
  content: HTMLElement | JQuery;
  toolbar?: HTMLElement | JQuery;
  enableOnEdit?: boolean;
  action?: string;
  onchange?: () => void;
}

interface RedEditor {
  _(key: string, options?: Record<string, unknown>): string;
  /** The editor's language, among those Node-RED ships (e.g. "de", "ja", "en-US"). */
  i18n?: { lang(): string };
  sidebar: {
    addTab(options: RedEditorSidebarTab): void;
    removeTab?(id: string): void;
    show(id: string): void;
  };
  events: { on(event: string, handler: (...args: unknown[]) => void): void };
  actions?: { add(name: string, handler: () => void): void };
  clipboard?: { copyText(value: string, element: JQuery, message?: string): boolean };
  notify?(message: string, type?: string): void;
  view?: { reveal(id: string): void };
  plugins: { registerPlugin(id: string, definition: Record<string, unknown>): void };
  settings?: { get?(key: string): unknown; set?(key: string, value: unknown): void };
  nodes?: { getType?(type: string): unknown; id?(): string };
  /** The logged-in user's permissions (every permission when the editor has no login). */
  user?: { hasPermission?(permission: string): boolean };
}

/** Options of the editor's editableList jQuery widget (the dialogs' lists of rows). */
interface RedEditableListOptions<T> {
  addButton?: string | boolean;
  removable?: boolean;
  sortable?: boolean;
  height?: number;
  addItem?: (row: JQuery, index: number, data: T) => void;
  removeItem?: (data: T) => void;
}

interface JQuery {
  editableList<T>(options: RedEditableListOptions<T>): JQuery;
  /** The rows' elements; each keeps its data as `row.data("data")`. */
  editableList(method: "items"): JQuery;
  editableList(method: "addItem", data: unknown): JQuery;
}
