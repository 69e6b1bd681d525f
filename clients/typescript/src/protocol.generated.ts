// Generated from the server's protocol records (io.neuroquantum.server.channels.protocol)
// by ProtocolTypeScriptTest. Do not edit: regenerate instead.

export interface SubscribeRequest {
  type: "subscribe";
  request_id?: string;
  channel: string;
  filters?: unknown;
  since?: Since;
}

export interface UnsubscribeRequest {
  type: "unsubscribe";
  request_id?: string;
  channel: string;
}

export interface PingRequest {
  type: "ping";
  request_id?: string;
  timestamp?: number;
}

export interface PublishRequest {
  type: "publish";
  request_id?: string;
  channel: string;
  data: unknown;
  idempotency_key?: string;
}

export interface ExecuteQueryRequest {
  type: "execute_query";
  request_id?: string;
  query: string;
  params?: unknown;
  options?: QueryOptions;
}

export interface CancelQueryRequest {
  type: "cancel_query";
  request_id?: string;
  query_id: string;
}

export interface PauseStreamRequest {
  type: "pause_stream";
  request_id?: string;
  channel: string;
}

export interface ResumeStreamRequest {
  type: "resume_stream";
  request_id?: string;
  channel: string;
}

export interface SetBackpressureRequest {
  type: "set_backpressure";
  request_id?: string;
  max_buffer?: number;
  rate_limit?: number;
}

export interface SetBatchingRequest {
  type: "set_batching";
  request_id?: string;
  format: string;
  max_messages?: number;
  max_delay_ms?: number;
}

export interface RefreshRequest {
  type: "refresh";
  request_id?: string;
  token: string;
}

export interface PresenceRequest {
  type: "presence";
  request_id?: string;
  channel: string;
}

export interface ConnectedMessage {
  type: "connected";
  connection_id: string;
  server_time: number;
  user: string;
  expires_at?: number;
}

export interface PongMessage {
  type: "pong";
  request_id?: string;
  timestamp?: number;
  server_time: number;
}

export interface SubscriptionConfirmedMessage {
  type: "subscription_confirmed";
  request_id?: string;
  channel: string;
  history_size: number;
  offset: number;
  epoch: string;
  recovered?: boolean;
}

export interface SubscriptionErrorMessage {
  type: "subscription_error";
  request_id?: string;
  channel: string;
  error: ErrorBody;
}

export interface UnsubscribedMessage {
  type: "unsubscribed";
  request_id?: string;
  channel: string;
}

export interface PublishedMessage {
  type: "published";
  request_id?: string;
  channel: string;
  offset: number;
  epoch: string;
  duplicate?: boolean;
}

export interface ChannelMessage {
  type: "message";
  channel: string;
  offset: number;
  epoch: string;
  data: unknown;
}

export interface QueryStartedMessage {
  type: "query_started";
  request_id?: string;
  query_id: string;
  channel: string;
  columns: string[];
  estimated_rows?: number;
  offset?: number;
  epoch?: string;
}

export interface QueryProgressMessage {
  type: "query_progress";
  query_id: string;
  rows_processed: number;
  percent?: number;
  /** Set when the frame arrives on its query channel. */
  channel?: string;
  offset?: number;
  epoch?: string;
}

export interface QueryRowMessage {
  type: "query_row";
  query_id: string;
  row: unknown;
  /** Set when the frame arrives on its query channel. */
  channel?: string;
  offset?: number;
  epoch?: string;
}

export interface QueryBatchMessage {
  type: "query_batch";
  query_id: string;
  rows: unknown;
  /** Set when the frame arrives on its query channel. */
  channel?: string;
  offset?: number;
  epoch?: string;
}

export interface QueryCompletedMessage {
  type: "query_completed";
  query_id: string;
  total_rows: number;
  duration_ms: number;
  /** Set when the frame arrives on its query channel. */
  channel?: string;
  offset?: number;
  epoch?: string;
}

export interface QueryErrorMessage {
  type: "query_error";
  request_id?: string;
  query_id?: string;
  error: ErrorBody;
  /** Set when the frame arrives on its query channel. */
  channel?: string;
  offset?: number;
  epoch?: string;
}

export interface MetricsUpdateMessage {
  type: "metrics_update";
  metrics: Record<string, unknown>;
}

export interface AlertNotificationMessage {
  type: "alert_notification";
  severity: string;
  message: string;
}

export interface BackpressureWarningMessage {
  type: "backpressure_warning";
  buffer_usage: number;
  channel: string;
  action: string;
}

export interface SlowDownMessage {
  type: "slow_down";
  new_rate: number;
}

export interface BatchingSetMessage {
  type: "batching_set";
  request_id?: string;
  format: string;
  max_messages: number;
  max_delay_ms: number;
}

export interface ErrorMessage {
  type: "error";
  request_id?: string;
  code: string;
  message: string;
}

export interface RefreshedMessage {
  type: "refreshed";
  request_id?: string;
  expires_at?: number;
}

export interface TokenExpiringMessage {
  type: "token_expiring";
  expires_at: number;
}

export interface PresenceResultMessage {
  type: "presence_result";
  request_id?: string;
  channel: string;
  clients: ClientInfo[];
  total: number;
  truncated: boolean;
}

export interface JoinMessage {
  type: "join";
  channel: string;
  client: string;
  user: string;
  info?: unknown;
}

export interface LeaveMessage {
  type: "leave";
  channel: string;
  client: string;
  user: string;
  info?: unknown;
}

export interface Since {
  offset: number;
  epoch: string;
}

export interface QueryOptions {
  batch_size?: number;
  batch_interval_ms?: number;
  max_rows?: number;
  timeout_ms?: number;
  format?: string;
}

export interface ErrorBody {
  code: string;
  message: string;
}

export interface ClientInfo {
  client: string;
  user: string;
  info?: unknown;
}

export type ClientMessage =
  | SubscribeRequest
  | UnsubscribeRequest
  | PingRequest
  | PublishRequest
  | ExecuteQueryRequest
  | CancelQueryRequest
  | PauseStreamRequest
  | ResumeStreamRequest
  | SetBackpressureRequest
  | SetBatchingRequest
  | RefreshRequest
  | PresenceRequest;

export type ServerMessage =
  | ConnectedMessage
  | PongMessage
  | SubscriptionConfirmedMessage
  | SubscriptionErrorMessage
  | UnsubscribedMessage
  | PublishedMessage
  | ChannelMessage
  | QueryStartedMessage
  | QueryProgressMessage
  | QueryRowMessage
  | QueryBatchMessage
  | QueryCompletedMessage
  | QueryErrorMessage
  | MetricsUpdateMessage
  | AlertNotificationMessage
  | BackpressureWarningMessage
  | SlowDownMessage
  | BatchingSetMessage
  | ErrorMessage
  | RefreshedMessage
  | TokenExpiringMessage
  | PresenceResultMessage
  | JoinMessage
  | LeaveMessage;

export type ServerMessageType = ServerMessage["type"];

/** The server message of a given type. */
export type ServerMessageOf<T extends ServerMessageType> = Extract<ServerMessage, { type: T }>;
