export * from './plan-push-event';
export * from './planner-worker';
export * from './changed-apps-source';
export * from './image-tag-reader';
export * from './event-record-for';
