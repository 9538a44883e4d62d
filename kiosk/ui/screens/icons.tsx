/*
 * Icons drawn inline (no icon font, nothing fetched): each result has its own shape as well as its own
 * colour, so a member who cannot tell red from green still reads the answer.
 */

interface IconProps {
  size?: number;
}

const frame = (size: number) => ({ width: size, height: size, viewBox: '0 0 100 100', 'aria-hidden': true, focusable: false });

export const CheckIcon = ({ size = 120 }: IconProps) => (
  <svg {...frame(size)}>
    <circle cx="50" cy="50" r="46" fill="none" stroke="currentColor" strokeWidth="8" />
    <path d="M28 52 L44 67 L73 35" fill="none" stroke="currentColor" strokeWidth="10" strokeLinecap="round" strokeLinejoin="round" />
  </svg>
);

export const AttentionIcon = ({ size = 120 }: IconProps) => (
  <svg {...frame(size)}>
    <path d="M50 6 L95 90 H5 Z" fill="none" stroke="currentColor" strokeWidth="8" strokeLinejoin="round" />
    <path d="M50 36 V62" stroke="currentColor" strokeWidth="10" strokeLinecap="round" />
    <circle cx="50" cy="76" r="6" fill="currentColor" />
  </svg>
);

export const RefusedIcon = ({ size = 120 }: IconProps) => (
  <svg {...frame(size)}>
    <circle cx="50" cy="50" r="46" fill="none" stroke="currentColor" strokeWidth="8" />
    <path d="M33 33 L67 67 M67 33 L33 67" stroke="currentColor" strokeWidth="10" strokeLinecap="round" />
  </svg>
);

/** A card being laid on a reader, with the field's waves: what to do, without reading. */
export const TapCardIcon = ({ size = 220 }: IconProps) => (
  <svg {...frame(size)}>
    <rect x="14" y="62" width="72" height="26" rx="5" fill="none" stroke="currentColor" strokeWidth="4" />
    <path d="M34 50 Q50 42 66 50 M26 42 Q50 28 74 42" fill="none" stroke="currentColor" strokeWidth="4" strokeLinecap="round" />
    <g transform="rotate(-12 50 20)">
      <rect x="26" y="6" width="48" height="30" rx="4" fill="currentColor" />
      <rect x="32" y="13" width="10" height="8" rx="1.5" fill="#0b2239" />
    </g>
  </svg>
);

export const OfflineIcon = ({ size = 48 }: IconProps) => (
  <svg {...frame(size)}>
    <path d="M25 72 H72 A16 16 0 0 0 70 40 A24 24 0 0 0 25 44 A14 14 0 0 0 25 72 Z" fill="none" stroke="currentColor" strokeWidth="7" strokeLinejoin="round" />
    <path d="M14 14 L86 86" stroke="currentColor" strokeWidth="7" strokeLinecap="round" />
  </svg>
);

export const GearIcon = ({ size = 32 }: IconProps) => (
  <svg {...frame(size)}>
    <circle cx="50" cy="50" r="14" fill="none" stroke="currentColor" strokeWidth="8" />
    <path
      d="M50 8 V22 M50 78 V92 M8 50 H22 M78 50 H92 M20 20 L30 30 M70 70 L80 80 M20 80 L30 70 M70 30 L80 20"
      stroke="currentColor"
      strokeWidth="8"
      strokeLinecap="round"
    />
  </svg>
);

/** The reader of TapCardIcon, its cable broken and a cross where the card would lie: no card can be read. */
export const ReaderProblemIcon = ({ size = 220 }: IconProps) => (
  <svg {...frame(size)}>
    <rect x="14" y="52" width="72" height="26" rx="5" fill="none" stroke="currentColor" strokeWidth="4" />
    <path d="M50 78 V84 M50 92 V98" stroke="currentColor" strokeWidth="4" strokeLinecap="round" />
    <path d="M36 8 L64 36 M64 8 L36 36" stroke="currentColor" strokeWidth="8" strokeLinecap="round" />
  </svg>
);
