// The sources a staff member may log a request under, as the intake forms' choices.
import { STAFF_SOURCES } from '@/lib/cases/intake';
import { SOURCE_LABELS } from '@/lib/cases/labels';

export const STAFF_SOURCE_CHOICES = STAFF_SOURCES.map((s) => ({ value: s, label: SOURCE_LABELS[s] }));
