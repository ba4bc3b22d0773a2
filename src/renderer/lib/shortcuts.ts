export type ShortcutAction = 'save' | 'undo' | 'redo' | 'delete' | 'copy' | 'paste' | 'selectAll' | 'escape';

interface KeyLike {
  readonly key: string;
  readonly ctrlKey: boolean;
  readonly metaKey: boolean;
  readonly shiftKey: boolean;
  readonly altKey: boolean;
  readonly target?: EventTarget | null;
}

/** Whether the key event happens while typing in a text field, where Delete/Ctrl+Z must keep their text meaning. */
export function isTyping(event: KeyLike): boolean {
  const target = event.target as { tagName?: string; isContentEditable?: boolean; type?: string } | null | undefined;
  if (!target || !target.tagName) return false;
  if (target.isContentEditable) return true;
  const tag = target.tagName.toUpperCase();
  if (tag === 'TEXTAREA' || tag === 'SELECT') return true;
  if (tag !== 'INPUT') return false;
  return !['checkbox', 'radio', 'button', 'submit', 'range'].includes((target.type ?? 'text').toLowerCase());
}

/**
 * The app's keyboard shortcuts (Ctrl or ⌘): S save, Z undo, Shift+Z / Y redo, C / V copy and paste, A select
 * all; Delete / Backspace delete; Escape. Editing keys are left to text fields.
 */
export function shortcutOf(event: KeyLike): ShortcutAction | null {
  const mod = event.ctrlKey || event.metaKey;
  const key = event.key.toLowerCase();
  if (mod && !event.altKey) {
    if (key === 's') return 'save';
    if (isTyping(event)) return null;
    if (key === 'z') return event.shiftKey ? 'redo' : 'undo';
    if (key === 'y') return 'redo';
    if (key === 'c') return 'copy';
    if (key === 'v') return 'paste';
    if (key === 'a') return 'selectAll';
    return null;
  }
  if (key === 'escape') return 'escape';
  if ((key === 'delete' || key === 'backspace') && !mod && !isTyping(event)) return 'delete';
  return null;
}
