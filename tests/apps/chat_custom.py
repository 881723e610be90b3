# A ChatInterface around a plain function with its own Chatbot, Textbox and Submit button
# (made before the app), a generator-less Stop button, and no accordion.
import gradio as gr


def reply(message, history):
    return f"{len(history)} earlier: {message}"


demo = gr.ChatInterface(
    reply,
    type="messages",
    chatbot=gr.Chatbot(height=300, type="messages", label="Talk"),
    textbox=gr.Textbox(placeholder="Ask me", scale=5),
    submit_btn=gr.Button("Send"),
    show_progress="full",
)
