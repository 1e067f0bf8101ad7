"""The codes stored in columns and the Chinese words people see for them, one module per
vocabulary: ticket statuses, ticket actions, outcomes, refusal reasons, priorities and red
flags. Every layer (routing, the ticket workflow, reports, the web pages, the bot) imports
them from here, so that a word is defined once."""
