/**
 * Makes room for the docked panel by narrowing HubSpot's page instead of covering it, and puts
 * the page back exactly as it was when the panel goes away.
 */
export const PANEL_WIDTH = { open: 300, closed: 40 };

export function dockBeside(doc: Document, width: number): () => void {
  const html = doc.documentElement;
  const previous = html.style.getPropertyValue('margin-right');
  const priority = html.style.getPropertyPriority('margin-right');
  html.style.setProperty('margin-right', `${width}px`, 'important');
  return () => {
    if (previous) html.style.setProperty('margin-right', previous, priority);
    else html.style.removeProperty('margin-right');
  };
}
