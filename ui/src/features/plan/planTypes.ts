// The Plan view's shapes: the engine's plan types (src/plan/mod.rs), as generated in bindings.ts.
import type * as B from "../../lib/ipc/bindings";

export type PlanSettings = B.PlanSettings_Serialize;
export type PlanUpdate = B.PlanUpdate_Deserialize;
export type Fit = B.Fit_Serialize;
export type WorkloadDay = B.WorkloadDay;
export type DomainForecast = B.DomainForecast;
export type TopicForecast = B.TopicForecast;
export type Readiness = B.Forecast;
export type StudyItem = B.StudyItem;
export type WeakTopic = B.WeakTopic;
export type HistoryPoint = B.HistoryPoint;
export type PlanReport = B.PlanReport_Serialize;
