// The public surface of @gavel/websocket, by name.
export { MASKED_ID_LENGTH, maskBidderId } from './maskBidderId';
