// Reaching a control the way a keyboard user does: Tab from where the focus is until the
// control has it, or fail naming the control — so a page that traps or skips it is caught.
import type { Locator, Page } from '@playwright/test';

export async function tabTo(page: Page, target: Locator, maxTabs = 40): Promise<void> {
  for (let i = 0; i < maxTabs; i++) {
    await page.keyboard.press('Tab');
    if (await target.evaluate((el) => el === document.activeElement)) return;
  }
  throw new Error(`${target.toString()} not reached after ${maxTabs} Tab presses`);
}
