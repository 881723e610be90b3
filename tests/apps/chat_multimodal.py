# A multimodal ChatInterface answering with an async function: a MultimodalTextbox and no
# Submit button, buttons given as None, text and a gr.Button made before the app.
import gradio as gr


async def reply(message, history):
    return f"{len(message['files'])} file(s): {message['text']}"


demo = gr.ChatInterface(
    reply,
    multimodal=True,
    retry_btn=None,
    undo_btn=gr.Button("Take back"),
    clear_btn="Start over",
    fill_height=False,
)
