/** The kiosk panels the screens are held to: an 800 × 600 panel, tablets both ways, laptops, and a 1080 × 1920 totem. */
export const KIOSK_SCREENS = [
  { width: 800, height: 600 },
  { width: 768, height: 1024 },
  { width: 1024, height: 768 },
  { width: 1280, height: 800 },
  { width: 1920, height: 1080 },
  { width: 1080, height: 1920 },
] as const;
