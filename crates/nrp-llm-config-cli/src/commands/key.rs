//! `key rotate`: move backends to the API-key policy of a Secret (`nrp_llm_config::ops`).

use super::model::edit;
use crate::Outcome;
use crate::args::KeyCommand;
use crate::output::Streams;
use nrp_llm_config::ops;

pub(crate) fn run(command: KeyCommand, s: &mut Streams<'_>) -> anyhow::Result<Outcome> {
    match command {
        KeyCommand::Rotate {
            edit: args,
            secret,
            backends,
        } => edit(&args, s, |set| {
            ops::rotate_key(set, &secret, &backends, args.release)
        }),
    }
}
