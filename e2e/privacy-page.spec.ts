import { CONTACTED_HOSTS } from '@/lib/privacy/hosts';
import { FACE_NUMBERS, formatEffectiveDate } from '@/lib/privacy/statement';
import en from '@/public/_locales/en/messages.json' with { type: 'json' };
import { expect, SCREENSHOT_DIR, test } from './fixtures';

/** The statement's parts, in order: the page's h2s, Options' h4s. */
const HEADINGS = [
  en.privacy_face_heading.message,
  en.privacy_library_heading.message,
  en.privacy_secrets_heading.message,
  en.privacy_sent_heading.message,
  en.privacy_hosts_title.message,
  en.privacy_nothing_else_heading.message,
  en.privacy_policies_heading.message,
  en.privacy_contact_heading.message,
];

test('the privacy page states the policy point by point, from the same words as Options', async ({
  openExtensionPage,
}) => {
  const page = await openExtensionPage('/privacy.html');
  await expect(page).toHaveTitle(en.privacy_page_title.message);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(en.privacy_page_title.message);
  await expect(page.getByRole('heading', { level: 2 })).toHaveText(HEADINGS);

  const statement = page.getByTestId('privacy-statement');
  const locale = await page.evaluate(() => chrome.i18n.getUILanguage());
  await expect(statement).toContainText(formatEffectiveDate(locale));
  await expect(page.getByTestId('privacy-face')).toContainText(
    `${FACE_NUMBERS.landmarkCoordinates} landmark coordinates`,
  );
  await expect(page.getByTestId('privacy-face')).toContainText('No picture, pixel or image of your face');
  for (const host of CONTACTED_HOSTS) {
    await expect(page.getByTestId('privacy-hosts')).toContainText(new URL(host.origin).host);
  }
  // The buttons that delete the face data are named, with a link to where they are.
  const face = page.getByTestId('privacy-face');
  await expect(face).toContainText(`“${en.options_calibration_clear.message}”`);
  await expect(face).toContainText(`“${en.options_personal_delete_all.message}”`);
  await expect(face.getByRole('link', { name: en.options_camera_title.message }).first()).toHaveAttribute(
    'href',
    '/options.html#camera',
  );
  await page.screenshot({ path: `${SCREENSHOT_DIR}/privacy.png`, fullPage: true });

  // Options → Your data shows the same statement (its parts one level down) and links to the page.
  const options = await openExtensionPage('/options.html#data');
  await expect(options.getByTestId('privacy-statement').getByRole('heading', { level: 4 })).toHaveText(HEADINGS);
  await expect(options.getByTestId('delete-history-hint')).toContainText('your calibration and your personal examples');
  await options.locator('#data').screenshot({ path: `${SCREENSHOT_DIR}/options-your-data.png` });
  const [opened] = await Promise.all([
    options.context().waitForEvent('page'),
    options.getByTestId('privacy-page-link').click(),
  ]);
  await expect(opened.getByRole('heading', { level: 1 })).toHaveText(en.privacy_page_title.message);
});
