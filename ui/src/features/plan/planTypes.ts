// The engine's plan report (coldstart::plan::PlanReport), as the window receives it.
import type { ExamDomain } from "../../lib/ipc/types";

export interface PlanSettings {
  exam_date: string | null;
  minutes_per_day: number | null;
  reviews_per_day: number | null;
  target: number;
}

export interface PlanUpdate {
  exam_date?: string | null;
  minutes_per_day?: number | null;
  reviews_per_day?: number | null;
  target?: number | null;
  clear?: boolean;
}

export interface Fit {
  fits: boolean;
  minutes_per_day_needed: number;
  reviews_per_day_needed: number;
  reviews_per_day_allowed: number | null;
  topics_short: string[];
  message: string;
}

export interface WorkloadDay {
  date: string;
  plan_reviews: number;
  plan_minutes: number;
  plain_reviews: number;
  plain_minutes: number;
}

export interface DomainForecast {
  domain: ExamDomain;
  weight_percent: number;
  fraction: number;
  scaled: number;
  low: number;
  high: number;
}

export interface TopicForecast {
  topic: string;
  cards: number;
  recall: number;
  answered: number;
  correct: number;
  ability: number;
  accuracy: number;
  weight: number;
}

export interface Readiness {
  fraction: number;
  scaled: number;
  low: number;
  high: number;
  p_target: number;
  domains: DomainForecast[];
  topics: TopicForecast[];
}

export interface StudyItem {
  id: string;
  text: string;
  now: number;
  gain_per_minute: number;
}

export interface WeakTopic {
  topic: string;
  accuracy: number;
  potential: number;
  cards: StudyItem[];
  questions: StudyItem[];
}

export interface HistoryPoint {
  date: string;
  scaled: number;
  low: number;
  high: number;
}

export interface PlanReport {
  settings: PlanSettings;
  active: boolean;
  today: string;
  days_left: number;
  target_retention: number;
  secs_per_review: number;
  secs_from_log: boolean;
  new_per_day: number;
  cards_planned: number;
  brought_forward: number;
  safe_until_exam: number;
  fit: Fit;
  workload: WorkloadDay[];
  plan_total_reviews: number;
  plain_total_reviews: number;
  plan_exam_recall: number;
  plain_exam_recall: number;
  forecast: Readiness | null;
  weakest: WeakTopic[];
  study_card_ids: string[];
  history: HistoryPoint[];
}
