/** What both pages do with their markup: find an element by id, show an error in the status line. */

export const element = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

/** A function that shows an error's message in `status`, styled as an error (the pages' CSS: `#status.error`). */
export function errorShower(status: HTMLElement): (error: unknown) => void {
  return (error) => {
    status.className = 'error';
    status.textContent = error instanceof Error ? error.message : String(error);
  };
}
