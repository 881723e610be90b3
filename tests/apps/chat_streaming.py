# A streaming ChatInterface as Gradio 4.44.1 builds it: messages history, a title and a
# description, extra inputs (one made before the app, one by name) in a named accordion,
# and a concurrency limit on the answering listeners.
import gradio as gr


def answer(message, history, system_prompt, tokens):
    reply = f"{system_prompt} {message}"
    for i in range(min(len(reply), int(tokens))):
        yield reply[: i + 1]


demo = gr.ChatInterface(
    answer,
    type="messages",
    title="Echo",
    description="Streams the message back.",
    additional_inputs=[gr.Textbox("Be brief.", label="System Prompt"), "slider"],
    additional_inputs_accordion="Settings",
    concurrency_limit=2,
)
