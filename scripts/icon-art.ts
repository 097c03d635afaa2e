/** MoodDJ's icon artwork, one SVG for the toolbar icons (scripts/make-icons.ts) and the store kit (scripts/store/art.ts). */
export const ICON_SVG = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 128 128">
  <rect width="128" height="128" rx="28" fill="#121212"/>
  <circle cx="64" cy="64" r="46" fill="#1ed760"/>
  <circle cx="64" cy="64" r="34" fill="none" stroke="#121212" stroke-width="3" opacity="0.35"/>
  <circle cx="48" cy="54" r="7" fill="#121212"/>
  <circle cx="80" cy="54" r="7" fill="#121212"/>
  <path d="M42 74 Q64 98 86 74" fill="none" stroke="#121212" stroke-width="9" stroke-linecap="round"/>
</svg>`;
