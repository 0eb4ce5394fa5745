import { describe, expect, it } from 'vitest';
import { dockBeside } from '../../lib/extension/content/dock';

describe('dockBeside', () => {
  it("narrows HubSpot's page for the panel and restores the page's own style", () => {
    document.documentElement.style.setProperty('margin-right', '5px');
    const undo = dockBeside(document, 300);
    expect(document.documentElement.style.getPropertyValue('margin-right')).toBe('300px');
    expect(document.documentElement.style.getPropertyPriority('margin-right')).toBe('important');
    undo();
    expect(document.documentElement.style.getPropertyValue('margin-right')).toBe('5px');
    document.documentElement.style.removeProperty('margin-right');
    dockBeside(document, 40)();
    expect(document.documentElement.style.getPropertyValue('margin-right')).toBe('');
  });
});
