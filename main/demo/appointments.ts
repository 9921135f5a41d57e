// Demo data for `boruta`: 1,000 clinic appointments and whether the patient showed up.
// The target depends on some features and not on others, so an all-relevant selection has
// a known answer. P(show = yes) = 1 / (1 + exp(-eta)) with
//   eta = 1.6 - 0.035 lead_time_days + 0.9 reminder_sent - 0.7 prior_no_shows
//         - 0.6 [18 <= age <= 30] + 0.3 [age > 65] - 0.3 [specialty = Psychiatry]
//         - 1.6 [Psychiatry and East] + 1.2 [Dermatology and West]      (the interaction)
// business_line is realistic but irrelevant; noise_normal (N(0, 1)), noise_uniform
// (U(0, 100)) and noise_category (A-D uniform) are pure noise.
import { DemoRandom } from './rng.ts';
import type { DemoTable } from './csv.ts';
import { clamp, roundTo } from './csv.ts';

export const appointmentColumns = [
  'show',
  'specialty',
  'jurisdiction',
  'business_line',
  'age',
  'lead_time_days',
  'reminder_sent',
  'prior_no_shows',
  'noise_normal',
  'noise_uniform',
  'noise_category',
] as const;
export const appointmentCount = 1_000;

const specialties = [
  'Cardiology',
  'Dermatology',
  'General practice',
  'Orthopedics',
  'Pediatrics',
  'Psychiatry',
];
const specialtyWeights = [0.14, 0.16, 0.3, 0.14, 0.12, 0.14];
const jurisdictions = ['Central', 'East', 'North', 'South', 'West'];
const businessLines = ['Insurance', 'Private', 'Public'];

export function generateAppointments(seed = 20_240_605): DemoTable {
  const rng = new DemoRandom(seed);
  const rows: DemoTable['rows'] = [];
  for (let i = 0; i < appointmentCount; i++) {
    const specialty = rng.choice(specialties, specialtyWeights);
    const jurisdiction = rng.choice(jurisdictions);
    const businessLine = rng.choice(businessLines, [0.3, 0.25, 0.45]);
    const age =
      specialty === 'Pediatrics' ? rng.integer(0, 17) : clamp(Math.round(rng.normal(48, 18)), 18, 95);
    const leadTime = Math.min(120, Math.round(rng.exponential(14)));
    const reminder = rng.chance(leadTime > 7 ? 0.75 : 0.45) ? 1 : 0;
    const priorNoShows = rng.poisson(0.5);
    let eta = 1.6 - 0.035 * leadTime + 0.9 * reminder - 0.7 * priorNoShows;
    if (age >= 18 && age <= 30) eta -= 0.6;
    if (age > 65) eta += 0.3;
    if (specialty === 'Psychiatry') eta -= 0.3;
    if (specialty === 'Psychiatry' && jurisdiction === 'East') eta -= 1.6;
    if (specialty === 'Dermatology' && jurisdiction === 'West') eta += 1.2;
    const show = rng.chance(1 / (1 + Math.exp(-eta))) ? 'yes' : 'no';
    rows.push([
      show,
      specialty,
      jurisdiction,
      businessLine,
      age,
      leadTime,
      reminder,
      priorNoShows,
      roundTo(rng.normal(), 4),
      roundTo(rng.between(0, 100), 2),
      rng.choice(['A', 'B', 'C', 'D']),
    ]);
  }
  return { columns: [...appointmentColumns], rows };
}
