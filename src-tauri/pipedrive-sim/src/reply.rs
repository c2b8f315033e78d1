//! Pipedrive's envelopes: `{"success":true,"data":…,"additional_data":…}` and its error body
//! `{"success":false,"error":…,"errorCode":…,"error_info":…,"data":null,"additional_data":null}`.

use serde_json::{json, Value};
pub use sim_kit::Reply;

/// What every Pipedrive error says after the message.
const ERROR_INFO: &str = "Please check developers.pipedrive.com";

/// A success with data and no additional data.
pub fn ok(data: Value) -> Reply {
    Reply::json(200, &json!({"success": true, "data": data}))
}

/// A success with additional data (pagination).
pub fn ok_with(data: Value, additional: Value) -> Reply {
    Reply::json(
        200,
        &json!({"success": true, "data": data, "additional_data": additional}),
    )
}

/// An error with Pipedrive's body.
pub fn error(status: u16, message: impl Into<String>) -> Reply {
    let message: String = message.into();
    Reply::json(
        status,
        &json!({
            "success": false, "error": message, "errorCode": status, "error_info": ERROR_INFO,
            "data": null, "additional_data": null,
        }),
    )
}

/// The message Pipedrive gives for a status when nothing more specific applies (what forced
/// faults answer).
pub fn message_of(status: u16) -> &'static str {
    match status {
        400 => "Bad request",
        401 => "unauthorized access",
        402 => "Company account is not open (possible reason: trial expired, payment details not entered)",
        403 => "You do not have permission to perform this action",
        404 => "Not found",
        405 => "Method not allowed",
        410 => "This endpoint is no longer available",
        429 => "Request over limit",
        500 => "Internal server error",
        503 => "Service unavailable",
        _ => "Error",
    }
}

/// The error of a status with its usual message.
pub fn status(status: u16) -> Reply {
    error(status, message_of(status))
}

/// A 400 naming what is wrong.
pub fn bad_request(message: impl Into<String>) -> Reply {
    error(400, message)
}

/// A path Pipedrive does not know.
pub fn unknown_method() -> Reply {
    error(404, "Unknown method .")
}
