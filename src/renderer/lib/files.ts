/** Browser file helpers: reading picked files, offering downloads, giving picked core files the paths an accelerator file uses. */
import { acceleratorFileReferences } from '../../engine/browser';

export function readText(file: File): Promise<string> {
  return file.text();
}

/** A picked file's bytes, sent as they are (a Uint8Array crosses IPC and HTTP without base64). */
export async function readBytes(file: File): Promise<Uint8Array<ArrayBuffer>> {
  return new Uint8Array(await file.arrayBuffer());
}

export function download(fileName: string, content: string | Blob, type = 'application/octet-stream'): void {
  const blob = typeof content === 'string' ? new Blob([content], { type }) : content;
  const url = URL.createObjectURL(blob);
  const anchor = document.createElement('a');
  anchor.href = url;
  anchor.download = fileName;
  document.body.appendChild(anchor);
  anchor.click();
  anchor.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

const baseName = (path: string) => path.split(/[\\/]/).pop() ?? path;

/**
 * Picked files as the API wants them: a browser only gives base names, so each file takes the path under which
 * the main file references it (the engine's `acceleratorFileReferences`). The main file is the accelerator file
 * (the first one referencing core files, else the first accelerator file, else the first file).
 */
export function accelerateFileSet(files: readonly { name: string; text: string }[]): { main: string; files: { path: string; text: string }[] } {
  const withRefs = files.map((file) => ({ ...file, refs: acceleratorFileReferences(file.text) }));
  const main = withRefs.find((file) => (file.refs?.length ?? 0) > 0) ?? withRefs.find((file) => file.refs !== undefined) ?? withRefs[0]!;
  const pathOf = new Map<string, string>();
  for (const ref of main.refs ?? []) pathOf.set(baseName(ref), ref.replace(/^\.\//, ''));
  return {
    main: main.name,
    files: files.map((file) => ({ path: file.name === main.name ? file.name : (pathOf.get(file.name) ?? file.name), text: file.text })),
  };
}
